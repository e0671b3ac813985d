import { AT_FDCWD, MAX_HANDLE_SZ, O_CLOEXEC, O_PATH } from '@fsmon/ffi';
import { check, closeFd, libc } from './kernel';

/** The identity FID-mode events give a directory (see DirRef): compare with `DirRef.fsid`/`handle`. */
export interface FileHandle {
  readonly fsid: string;
  readonly handle: string;
}

const STATFS_SIZE = 120;
const STATFS_FSID_OFFSET = 56;

/** The fsid of the filesystem of `fd` as fanotify reports it (statfs f_fsid, 16 hex digits), '' on failure. */
export function fsidOfFd(fd: number): string {
  const buf = Buffer.alloc(STATFS_SIZE);
  return libc().fstatfs(fd, buf) === 0 ? buf.toString('hex', STATFS_FSID_OFFSET, STATFS_FSID_OFFSET + 8) : '';
}

/**
 * The (fsid, file handle) of `path`, in the form FID-mode events carry, so a caller can recognise
 * the directories it cares about (e.g. a container's /proc/<pid>/root/etc) in events.
 * @throws FsEventsError (no-such-path, unsupported when the filesystem has no file handles).
 */
export function fileHandleOf(path: string): FileHandle {
  const fh = Buffer.alloc(8 + MAX_HANDLE_SZ);
  fh.writeUInt32LE(MAX_HANDLE_SZ, 0);
  check(libc().name_to_handle_at(AT_FDCWD, path, fh, new Int32Array(1), 0), 'name_to_handle_at', { path });
  const fd = check(libc().open(path, O_PATH | O_CLOEXEC, 0), 'open', { path });
  const fsid = fsidOfFd(fd);
  closeFd(fd);
  return { fsid, handle: fh.toString('hex', 4, 8 + fh.readUInt32LE(0)) };
}
