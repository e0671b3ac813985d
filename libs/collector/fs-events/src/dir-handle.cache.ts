import { O_CLOEXEC, O_PATH } from '@fsmon/ffi';
import { libc } from './kernel';

/** A directory as FID-mode events name it. One object per directory: events share it. */
export interface DirRef {
  /** Filesystem id (statfs f_fsid), 16 hex digits. */
  readonly fsid: string;
  /** The kernel's opaque file handle (type + bytes), hex: with `fsid` a stable identity of the directory. */
  readonly handle: string;
  /** Absolute path as this process sees it, or null when the directory could not be opened (gone, or no CAP_DAC_READ_SEARCH). */
  readonly path: string | null;
  /** The directory was deleted (its path is the last one it had). */
  readonly deleted: boolean;
}

export interface DirCacheOptions {
  /** Re-resolve a directory after this long, so a rename missed by the marks heals (default 5000). */
  readonly ttlMs?: number;
  /** Entries kept before the cache is cleared (default 65536). */
  readonly maxEntries?: number;
}

interface Entry {
  ref: DirRef;
  at: number;
}

const DELETED = ' (deleted)';

/**
 * Turns (fsid, file handle) into a directory path: open_by_handle_at(O_PATH) + readlink of
 * /proc/self/fd, cached per handle. Keys are the raw bytes as a latin1 string (cheap to build and
 * hash); a renamed or deleted directory invalidates the whole cache (see `invalidate`).
 */
export class DirHandleCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly linkBuf = Buffer.allocUnsafe(4096);
  // Events come in runs from one directory: the last key's bytes answer those without a Map lookup.
  private readonly lastKey = Buffer.alloc(8 + 8 + 128);
  private lastLen = -1;
  private lastEntry: Entry | null = null;
  private now = 0;
  misses = 0;
  unresolved = 0;

  constructor(
    private readonly mountFd: (fsid: string) => number | undefined,
    options: DirCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.maxEntries = options.maxEntries ?? 65536;
  }

  /** Call once per batch: entries older than the TTL (at this time) are resolved again. */
  setTime(now: number): void {
    this.now = now;
  }

  /**
   * The directory whose fsid starts at `start` in `buf`, followed by a `struct file_handle`
   * ending at `end`.
   */
  lookup(buf: Buffer, start: number, end: number): DirRef {
    const last = this.lastEntry;
    if (last !== null && this.sameAsLast(buf, start, end) && this.now - last.at < this.ttlMs) return last.ref;
    const key = buf.toString('latin1', start, end);
    let entry = this.entries.get(key);
    if (entry === undefined || this.now - entry.at >= this.ttlMs) {
      this.misses++;
      entry = { ref: this.resolve(buf, start, end), at: this.now };
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, entry);
    }
    this.lastLen = end - start;
    buf.copy(this.lastKey, 0, start, end);
    this.lastEntry = entry;
    return entry.ref;
  }

  /** Forget every entry: a directory moved or was deleted, so cached paths below it may be wrong. */
  invalidate(): void {
    this.entries.clear();
    this.lastEntry = null;
  }

  get size(): number {
    return this.entries.size;
  }

  private sameAsLast(buf: Buffer, start: number, end: number): boolean {
    if (end - start !== this.lastLen) return false;
    const key = this.lastKey;
    for (let i = end - start - 1; i >= 0; i--) if (buf[start + i] !== key[i]) return false;
    return true;
  }

  private resolve(buf: Buffer, start: number, end: number): DirRef {
    const fsid = buf.toString('hex', start, start + 8);
    const handle = buf.toString('hex', start + 12, end);
    const mountFd = this.mountFd(fsid);
    const fd = mountFd === undefined ? -1 : libc().open_by_handle_at(mountFd, buf.subarray(start + 8, end), O_PATH | O_CLOEXEC);
    if (fd < 0) {
      this.unresolved++;
      return { fsid, handle, path: null, deleted: false };
    }
    const n = libc().readlink(`/proc/self/fd/${fd}`, this.linkBuf, this.linkBuf.length);
    libc().close(fd);
    if (n < 0) {
      this.unresolved++;
      return { fsid, handle, path: null, deleted: false };
    }
    const link = this.linkBuf.toString('utf8', 0, n);
    const deleted = link.endsWith(DELETED);
    return { fsid, handle, path: deleted ? link.slice(0, -DELETED.length) : link, deleted };
  }
}
