'use strict';
// Kernel ABI constants, values from the Linux uapi headers (linux/fanotify.h, linux/inotify.h,
// asm-generic/fcntl.h, asm-generic/errno*.h) for x86-64 and arm64. Plain CommonJS so that worker
// scripts can require it by relative path (see constants.d.ts for the documented surface).
// Grouped by header; each group is one object, and the exports are their union.

/** Prefixes every key of `bits` (the kernel's names without their FAN_ / IN_ prefix). */
const prefixed = (prefix, bits) => Object.fromEntries(Object.entries(bits).map(([name, value]) => [prefix + name, value]));

// The event bits fanotify and inotify share: the kernel defines both from one set (FS_* in
// fsnotify_backend.h, with build-time checks that they stay equal), so they are written once.
const SHARED_EVENT_BITS = {
  ACCESS: 0x00000001,
  MODIFY: 0x00000002,
  ATTRIB: 0x00000004,
  CLOSE_WRITE: 0x00000008,
  CLOSE_NOWRITE: 0x00000010,
  OPEN: 0x00000020,
  MOVED_FROM: 0x00000040,
  MOVED_TO: 0x00000080,
  CREATE: 0x00000100,
  DELETE: 0x00000200,
  DELETE_SELF: 0x00000400,
  MOVE_SELF: 0x00000800,
  Q_OVERFLOW: 0x00004000,
};

/* fanotify_init() flags */
const FAN_CLASS_NOTIF = 0x00000000;
const FAN_CLASS_CONTENT = 0x00000004;
const FAN_CLASS_PRE_CONTENT = 0x00000008;
const FAN_REPORT_FID = 0x00000200;
const FAN_REPORT_DIR_FID = 0x00000400;
const FAN_REPORT_NAME = 0x00000800;
const FAN_REPORT_TARGET_FID = 0x00001000;
const fanInit = {
  FAN_CLOEXEC: 0x00000001,
  FAN_NONBLOCK: 0x00000002,
  FAN_CLASS_NOTIF,
  FAN_CLASS_CONTENT,
  FAN_CLASS_PRE_CONTENT,
  FAN_ALL_CLASS_BITS: FAN_CLASS_NOTIF | FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT,
  FAN_UNLIMITED_QUEUE: 0x00000010,
  FAN_UNLIMITED_MARKS: 0x00000020,
  FAN_ENABLE_AUDIT: 0x00000040,
  FAN_REPORT_PIDFD: 0x00000080,
  FAN_REPORT_TID: 0x00000100,
  FAN_REPORT_FID,
  FAN_REPORT_DIR_FID,
  FAN_REPORT_NAME,
  FAN_REPORT_TARGET_FID,
  FAN_REPORT_FD_ERROR: 0x00002000,
  FAN_REPORT_DFID_NAME: FAN_REPORT_DIR_FID | FAN_REPORT_NAME,
  FAN_REPORT_DFID_NAME_TARGET: FAN_REPORT_DIR_FID | FAN_REPORT_NAME | FAN_REPORT_FID | FAN_REPORT_TARGET_FID,
  /** The seed's FAN_ALL_INIT_FLAGS (CLOEXEC | NONBLOCK | class bits | UNLIMITED_QUEUE | UNLIMITED_MARKS). */
  FAN_ALL_INIT_FLAGS: 0x3f,
};

/* fanotify_mark() flags */
const FAN_MARK_IGNORED_SURV_MODIFY = 0x00000040;
const FAN_MARK_IGNORE = 0x00000400;
const fanMark = {
  FAN_MARK_ADD: 0x00000001,
  FAN_MARK_REMOVE: 0x00000002,
  FAN_MARK_DONT_FOLLOW: 0x00000004,
  FAN_MARK_ONLYDIR: 0x00000008,
  FAN_MARK_MOUNT: 0x00000010,
  FAN_MARK_IGNORED_MASK: 0x00000020,
  FAN_MARK_IGNORED_SURV_MODIFY,
  FAN_MARK_FLUSH: 0x00000080,
  FAN_MARK_INODE: 0x00000000,
  FAN_MARK_FILESYSTEM: 0x00000100,
  FAN_MARK_EVICTABLE: 0x00000200,
  FAN_MARK_IGNORE,
  FAN_MARK_IGNORE_SURV: FAN_MARK_IGNORE | FAN_MARK_IGNORED_SURV_MODIFY,
  /** The seed's FAN_ALL_MARK_FLAGS (ADD … FLUSH). */
  FAN_ALL_MARK_FLAGS: 0xff,
};

/* fanotify event bits */
const FAN_OPEN_PERM = 0x00010000;
const FAN_ACCESS_PERM = 0x00020000;
const fanEvents = {
  ...prefixed('FAN_', SHARED_EVENT_BITS),
  FAN_OPEN_EXEC: 0x00001000,
  FAN_FS_ERROR: 0x00008000,
  FAN_OPEN_PERM,
  FAN_ACCESS_PERM,
  FAN_OPEN_EXEC_PERM: 0x00040000,
  FAN_PRE_ACCESS: 0x00100000,
  FAN_EVENT_ON_CHILD: 0x08000000,
  FAN_RENAME: 0x10000000,
  FAN_ONDIR: 0x40000000,
};
const { FAN_ACCESS, FAN_MODIFY, FAN_OPEN, FAN_CLOSE_WRITE, FAN_CLOSE_NOWRITE, FAN_MOVED_FROM, FAN_MOVED_TO, FAN_Q_OVERFLOW } = fanEvents;
const FAN_CLOSE = FAN_CLOSE_WRITE | FAN_CLOSE_NOWRITE;
const FAN_ALL_EVENTS = FAN_ACCESS | FAN_MODIFY | FAN_CLOSE | FAN_OPEN;
const FAN_ALL_PERM_EVENTS = FAN_OPEN_PERM | FAN_ACCESS_PERM;
Object.assign(fanEvents, {
  FAN_CLOSE,
  FAN_MOVE: FAN_MOVED_FROM | FAN_MOVED_TO,
  FAN_ALL_EVENTS,
  FAN_ALL_PERM_EVENTS,
  FAN_ALL_OUTGOING_EVENTS: FAN_ALL_EVENTS | FAN_ALL_PERM_EVENTS | FAN_Q_OVERFLOW,
  /** Every bit that makes the kernel wait for a response. */
  FAN_PERMISSION_EVENTS: FAN_ALL_PERM_EVENTS | fanEvents.FAN_OPEN_EXEC_PERM | fanEvents.FAN_PRE_ACCESS,
});

/* fanotify records */
const fanRecords = {
  FANOTIFY_METADATA_VERSION: 3,
  FAN_EVENT_METADATA_LEN: 24,
  FAN_RESPONSE_LEN: 8,
  FAN_ALLOW: 0x01,
  FAN_DENY: 0x02,
  FAN_AUDIT: 0x10,
  FAN_NOFD: -1,
  ...prefixed('FAN_EVENT_INFO_TYPE_', { FID: 1, DFID_NAME: 2, DFID: 3, PIDFD: 4, ERROR: 5, RANGE: 6, MNT: 7, OLD_DFID_NAME: 10, NEW_DFID_NAME: 12 }),
  /** Largest opaque handle the kernel hands out. */
  MAX_HANDLE_SZ: 128,
};

/* inotify */
const inotify = {
  ...prefixed('IN_', SHARED_EVENT_BITS),
  IN_UNMOUNT: 0x00002000,
  IN_IGNORED: 0x00008000,
  IN_ONLYDIR: 0x01000000,
  IN_DONT_FOLLOW: 0x02000000,
  IN_EXCL_UNLINK: 0x04000000,
  IN_MASK_CREATE: 0x10000000,
  IN_MASK_ADD: 0x20000000,
  IN_ISDIR: 0x40000000,
  IN_ONESHOT: 0x80000000,
  IN_CLOSE: FAN_CLOSE,
  IN_MOVE: fanEvents.FAN_MOVE,
  IN_ALL_EVENTS: 0x00000fff,
  IN_CLOEXEC: 0x00080000,
  IN_NONBLOCK: 0x00000800,
  INOTIFY_EVENT_LEN: 16,
  NAME_MAX: 255,
};

/* open(2), fcntl(2), eventfd(2), poll(2), *at(2), statx(2) */
const files = {
  O_RDONLY: 0x0,
  O_WRONLY: 0x1,
  O_RDWR: 0x2,
  O_NONBLOCK: 0x800,
  O_LARGEFILE: 0x8000,
  O_DIRECTORY: 0x10000,
  O_NOFOLLOW: 0x20000,
  O_NOATIME: 0x40000,
  O_CLOEXEC: 0x80000,
  O_PATH: 0x200000,
  F_GETFL: 3,
  F_SETFL: 4,
  EFD_NONBLOCK: 0x800,
  EFD_CLOEXEC: 0x80000,
  POLLIN: 0x1,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  POLLNVAL: 0x20,
  AT_FDCWD: -100,
  AT_EMPTY_PATH: 0x1000,
  AT_SYMLINK_FOLLOW: 0x400,
  AT_SYMLINK_NOFOLLOW: 0x100,
  /** statx: cached attributes on a network or FUSE filesystem, never a round trip to the server. */
  AT_STATX_DONT_SYNC: 0x4000,
  STATX_UID: 0x8,
  STATX_BASIC_STATS: 0x7ff,
  /** Offsets in struct statx (the same on every architecture): stx_uid (u32), stx_mode (u16), stx_ino, stx_size (u64), stx_ctime, stx_mtime (statx_timestamp). */
  STATX_UID_OFFSET: 20,
  STATX_MODE_OFFSET: 28,
  STATX_INO_OFFSET: 32,
  STATX_SIZE_OFFSET: 40,
  STATX_CTIME_OFFSET: 96,
  STATX_MTIME_OFFSET: 112,
  STATX_SIZE: 256,
  /** sizeof(struct statfs) on 64-bit Linux; f_type is its first field. */
  STATFS_SIZE: 120,
  PATH_MAX: 4096,
};

/* errno values used by the kernel edge */
const errno = Object.freeze({
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13,
  EFAULT: 14, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22,
  ENFILE: 23, EMFILE: 24, ENOSPC: 28, EROFS: 30, ENAMETOOLONG: 36, ENOSYS: 38, ELOOP: 40,
  EOVERFLOW: 75, EOPNOTSUPP: 95, ESTALE: 116,
});

module.exports = { ...fanInit, ...fanMark, ...fanEvents, ...fanRecords, ...inotify, ...files, errno };
