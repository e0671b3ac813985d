import { CONTENT_HASH } from '@fsmon/collector-domain';
import type { NamesStat } from '@fsmon/fs-events';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { closeFd, fstatFd, lstat, openFd, readFd } from './fd-io';
import { Semaphore } from './semaphore';

/** What the node sees at a path now: lstat, the symlink target, and the content hash. */
export interface Observation {
  readonly exists: boolean;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
  /** Raw symlink target (not resolved). */
  readonly linkTarget: string | null;
  /** CONTENT_HASH of a regular file, null when not asked, too large or unreadable. */
  readonly hash: string | null;
  /** `<size>:<mtimeMs>:<ctimeMs>:<ino>` (a symlink: `link:<target>`), null when gone. */
  readonly sig: string | null;
}

const GONE: Observation = { exists: false, isDir: false, isSymlink: false, linkTarget: null, hash: null, sig: null };

/**
 * What a baseline and the rescan compare of a file that is not a symlink. Array join builds one
 * flat string: a template literal would leave a tree of string pieces behind, several times the
 * size, in every baseline the collector keeps (100k files: ~28 MB).
 */
function statSignature(st: StatFields): string {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino].join(':');
}

/** The stat fields a signature holds. */
type StatFields = { readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number; readonly ino: number };

/**
 * Whether `now` (null: the stat failed) is not the stat `before` was, compared field by field: no
 * signature string built (doubles to text cost more than the stat). Where NamesStat is given the
 * stat is a synchronous statx (~0.5 us on this thread), not a thread-pool round trip per file.
 */
function differs(now: StatFields | null, before: StatFields): boolean {
  return now === null || now.size !== before.size || now.mtimeMs !== before.mtimeMs || now.ctimeMs !== before.ctimeMs || now.ino !== before.ino;
}

/**
 * How far a file's ctime may lag the wall clock: the kernel stamps it from a coarse clock (one
 * jiffy: up to 10 ms) and Date.now() is exact. Generous, since erring costs only a missing baseline.
 */
export const CTIME_SLACK_MS = 50;
/** A read whose file changed meanwhile: its hash is not a baseline. */
const CHANGED_WHILE_READ = Symbol('changed while read');
const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;
// 64 KiB: with 16 files read at once, the pooled buffers stay at 1 MiB (sha256, not the read size, bounds a large file's hash).
const CHUNK_BYTES = 64 * 1024;
/** Files lstat found smaller than this are read through a small buffer (one that grew meanwhile is read on to its end). */
const SMALL_BYTES = 4096;

export interface HasherCounters {
  hashed: number;
  bytes: number;
  tooLarge: number;
  failed: number;
  /** Baselines not taken: the file changed since its mark was placed (observeBaseline). */
  unsettled: number;
}

/**
 * Observes watched paths: lstat (never following the last symlink), and for regular files a
 * streaming SHA-256 of the whole content truncated as CONTENT_HASH defines, for files up to
 * `maxBytes`. At most `concurrency` files are read at once.
 */
export class ContentHasher {
  private readonly limit: Semaphore;
  readonly counters: HasherCounters = { hashed: 0, bytes: 0, tooLarge: 0, failed: 0, unsettled: 0 };
  /**
   * Read buffers, reused (at most `concurrency` are out at once: the semaphore). A fresh 256 KiB
   * buffer per file (the start-up baseline reads 100k files) churned gigabytes through malloc.
   */
  private readonly chunks: Buffer[] = [];
  private readonly smalls: Buffer[] = [];

  constructor(
    private readonly maxBytes: number,
    concurrency: number,
    /** Synchronous lstat of a directory's names (see observeNames); without it, observeNames declines. */
    private readonly names: NamesStat | null = null,
  ) {
    this.limit = new Semaphore(concurrency);
  }

  /**
   * What `observe(<hostDir>/<name>, false)` would give for each name, from one synchronous lstat
   * each (NamesStat: one directory fd, a statx per name, no thread-pool round trip), or `undefined`
   * for a name that is a symlink (its target is read by `observe`). `undefined` for all when the
   * directory is not on a local filesystem (a stat there may wait on a server: not on this thread).
   */
  observeNames(hostDir: string, names: readonly string[]): Array<Observation | undefined> | undefined {
    const stats = this.names?.lstatIn(hostDir, names);
    if (stats === undefined) return undefined;
    return stats.map((st) => {
      if (st === null) return GONE;
      if (st.kind === 'symlink') return undefined;
      // NameStat's figures are computed as Node's Stats are, so the signature matches observe's.
      return { exists: true, isDir: st.kind === 'dir', isSymlink: false, linkTarget: null, hash: null, sig: statSignature(st) };
    });
  }

  /** lstat of `hostPath`, plus the content hash when `hash` is asked for. */
  observe(hostPath: string, hash: boolean): Promise<Observation> {
    return this.limit.run(async () => (await this.look(hostPath, hash, null)) ?? GONE);
  }

  /**
   * `observe(hostPath, true)` for a content baseline taken after the path's mark was placed at
   * `markedAt`, or null when the content read may already hold a write made since: the file's
   * ctime is not clearly before `markedAt`, or it changed while it was read (fstat after the read).
   * That write's event is still to be classified, and against a baseline holding it would pass for
   * "Accessed"; with none, a write classifies as Modified and sets the baseline.
   */
  observeBaseline(hostPath: string, markedAt: number): Promise<Observation | null> {
    return this.limit.run(() => this.look(hostPath, true, markedAt));
  }

  private async look(hostPath: string, hash: boolean, markedAt: number | null): Promise<Observation | null> {
    let st: fs.Stats;
    try {
      st = await lstat(hostPath);
    } catch {
      return GONE;
    }
    if (st.isSymbolicLink()) {
      const target = await fs.promises.readlink(hostPath).catch(() => null);
      return { exists: true, isDir: false, isSymlink: true, linkTarget: target, hash: null, sig: ['link', target ?? ''].join(':') };
    }
    if (markedAt !== null && st.ctimeMs >= markedAt - CTIME_SLACK_MS) return this.unsettled();
    const sig = statSignature(st);
    const isDir = st.isDirectory();
    let digest: string | null = null;
    if (hash && st.isFile()) {
      if (st.size > this.maxBytes) this.counters.tooLarge += 1;
      else {
        const read = await this.digest(hostPath, st.size, markedAt === null ? null : st);
        if (read === CHANGED_WHILE_READ) return this.unsettled();
        digest = read;
      }
    }
    return { exists: true, isDir, isSymlink: false, linkTarget: null, hash: digest, sig };
  }

  private unsettled(): null {
    this.counters.unsettled += 1;
    return null;
  }

  get queued(): number {
    return this.limit.queued;
  }

  /** The content hash; with `before`, CHANGED_WHILE_READ when the open file's stat then differs from it. */
  private async digest(hostPath: string, size: number, before: StatFields | null): Promise<string | null | typeof CHANGED_WHILE_READ> {
    const h = createHash(CONTENT_HASH.algorithm);
    let read = 0;
    let fd = -1;
    const pool = size < SMALL_BYTES ? this.smalls : this.chunks;
    const buf = pool.pop() ?? Buffer.allocUnsafeSlow(pool === this.smalls ? SMALL_BYTES : CHUNK_BYTES);
    try {
      fd = await openFd(hostPath, READ_FLAGS);
      const want = buf.length;
      for (let n = await readFd(fd, buf); n > 0; n = await readFd(fd, buf)) {
        read += n;
        if (read > this.maxBytes) {
          this.counters.tooLarge += 1;
          return null;
        }
        h.update(buf.subarray(0, n));
        // A short read of a regular file is its end: no further read (one thread-pool round trip
        // per file saved; a write racing with this read makes an event of its own).
        if (n < want) break;
      }
      if (before !== null && differs(this.names !== null ? this.names.fdStat(fd) : await fstatFd(fd), before)) return CHANGED_WHILE_READ;
    } catch {
      this.counters.failed += 1;
      return null;
    } finally {
      if (fd >= 0) await closeFd(fd);
      pool.push(buf);
    }
    this.counters.hashed += 1;
    this.counters.bytes += read;
    // Hex of the leading bytes only: a flat string, not a slice that would keep the whole digest's text alive.
    return h.digest().toString('hex', 0, CONTENT_HASH.hexLength / 2);
  }
}
