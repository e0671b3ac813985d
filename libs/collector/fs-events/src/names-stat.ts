import fs from 'node:fs';
import {
  AT_EMPTY_PATH,
  AT_STATX_DONT_SYNC,
  AT_SYMLINK_NOFOLLOW,
  errno as E,
  O_CLOEXEC,
  O_DIRECTORY,
  O_PATH,
  STATFS_SIZE,
  STATX_BASIC_STATS,
  STATX_CTIME_OFFSET,
  STATX_INO_OFFSET,
  STATX_MODE_OFFSET,
  STATX_MTIME_OFFSET,
  STATX_SIZE,
  STATX_SIZE_OFFSET,
} from '@fsmon/ffi';
import { libc } from './kernel';

/** What lstat(2) says of one name: the fields a collector observation keeps. */
export interface NameStat {
  readonly kind: 'file' | 'dir' | 'symlink' | 'other';
  readonly size: number;
  /** As Node's Stats computes them (sec * 1e3 + nsec / 1e6), so signatures built from either compare equal. */
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK } = fs.constants;
/** Longer than NAME_MAX (255 bytes): a name that does not fit fails as lstat would (ENAMETOOLONG). */
const NAME_BUF = 1024;

/**
 * Filesystems whose lstat is served from memory or a local disk: a synchronous stat there costs
 * about a microsecond and cannot hang on a server (NFS, FUSE and the like are left to the thread
 * pool). The collector asks about names an event touched moments before, whose dentries and
 * inodes are cached, so even a disk filesystem answers without waiting for the disk.
 */
const LOCAL_FS = new Set([
  0x01021994, // tmpfs
  0x858458f6, // ramfs
  0x794c7630, // overlayfs
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
]);

const u64 = (buf: Buffer, at: number): number => buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x100000000;
/** struct statx_timestamp (s64 tv_sec, u32 tv_nsec) in ms, computed as Node does for Stats. */
const ms = (buf: Buffer, at: number): number => (buf.readUInt32LE(at) + buf.readInt32LE(at + 4) * 0x100000000) * 1000 + buf.readUInt32LE(at + 8) / 1e6;

/**
 * lstat of several names in one directory in one synchronous run on the calling thread: the
 * directory is opened once (O_PATH, following symlinks on the way as lstat does) and each name is
 * statx'd relative to it without following a last symlink, the same call libuv makes for lstat.
 * What a pass of the collector needs per coalesced path, without a thread-pool round trip each
 * (the async lstat was a quarter of the main thread under load: a wake-up of a pool thread per
 * path, on 2 busy cores).
 */
export class NamesStat {
  private readonly sx = Buffer.alloc(STATX_SIZE);
  private readonly fsBuf = Buffer.alloc(STATFS_SIZE);
  /** The name being looked up, NUL-terminated (statx takes bytes: no string marshalling per call). */
  private readonly name = Buffer.alloc(NAME_BUF);

  /**
   * `names` are single path components, not empty (lstat of `dir/` would be the directory's).
   * One entry per name (null: lstat failed, as for a name that is gone); `undefined` when the
   * directory is not on a local filesystem or could not be opened for a reason other than its
   * absence (the caller then stats each name the usual way).
   */
  lstatIn(dirPath: string, names: readonly string[]): Array<NameStat | null> | undefined {
    const c = libc();
    const fd = c.open(dirPath, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) {
      const errno = c.errno();
      // Gone, or not a directory any more: lstat of each name fails too.
      return errno === E.ENOENT || errno === E.ENOTDIR ? names.map(() => null) : undefined;
    }
    try {
      if (c.fstatfs(fd, this.fsBuf) !== 0 || !LOCAL_FS.has(u64(this.fsBuf, 0))) return undefined;
      return names.map((name) => this.statAt(fd, name));
    } finally {
      c.close(fd);
    }
  }

  /**
   * fstat of an open fd, synchronously (statx with AT_EMPTY_PATH), null when it fails. Safe on any
   * filesystem: the fd is open, so no path is looked up, and AT_STATX_DONT_SYNC has network and FUSE
   * filesystems answer from their cached attributes instead of asking the server.
   */
  fdStat(fd: number): NameStat | null {
    this.name[0] = 0;
    if (libc().statx(fd, this.name, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, this.sx) !== 0) return null;
    return this.decoded();
  }

  private statAt(fd: number, name: string): NameStat | null {
    const n = this.name.write(name, 0, 'utf8');
    if (n >= NAME_BUF - 1) return null;
    this.name[n] = 0;
    if (libc().statx(fd, this.name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, this.sx) !== 0) return null;
    return this.decoded();
  }

  /** The NameStat of the last statx. */
  private decoded(): NameStat {
    const sx = this.sx;
    const type = sx.readUInt16LE(STATX_MODE_OFFSET) & S_IFMT;
    return {
      kind: type === S_IFREG ? 'file' : type === S_IFDIR ? 'dir' : type === S_IFLNK ? 'symlink' : 'other',
      size: u64(sx, STATX_SIZE_OFFSET),
      mtimeMs: ms(sx, STATX_MTIME_OFFSET),
      ctimeMs: ms(sx, STATX_CTIME_OFFSET),
      ino: u64(sx, STATX_INO_OFFSET),
    };
  }
}
