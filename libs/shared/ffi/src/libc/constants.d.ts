// Types of constants.js: Linux uapi values (x86-64 / arm64). Names are the kernel's.

/* fanotify_init() flags */
export declare const FAN_CLOEXEC: 0x1;
export declare const FAN_NONBLOCK: 0x2;
export declare const FAN_CLASS_NOTIF: 0x0;
export declare const FAN_CLASS_CONTENT: 0x4;
export declare const FAN_CLASS_PRE_CONTENT: 0x8;
export declare const FAN_ALL_CLASS_BITS: 0xc;
export declare const FAN_UNLIMITED_QUEUE: 0x10;
export declare const FAN_UNLIMITED_MARKS: 0x20;
export declare const FAN_ENABLE_AUDIT: 0x40;
export declare const FAN_REPORT_PIDFD: 0x80;
export declare const FAN_REPORT_TID: 0x100;
export declare const FAN_REPORT_FID: 0x200;
export declare const FAN_REPORT_DIR_FID: 0x400;
export declare const FAN_REPORT_NAME: 0x800;
export declare const FAN_REPORT_TARGET_FID: 0x1000;
export declare const FAN_REPORT_FD_ERROR: 0x2000;
export declare const FAN_REPORT_DFID_NAME: 0xc00;
export declare const FAN_REPORT_DFID_NAME_TARGET: 0x1e00;
export declare const FAN_ALL_INIT_FLAGS: 0x3f;

/* fanotify_mark() flags */
export declare const FAN_MARK_ADD: 0x1;
export declare const FAN_MARK_REMOVE: 0x2;
export declare const FAN_MARK_DONT_FOLLOW: 0x4;
export declare const FAN_MARK_ONLYDIR: 0x8;
export declare const FAN_MARK_MOUNT: 0x10;
export declare const FAN_MARK_IGNORED_MASK: 0x20;
export declare const FAN_MARK_IGNORED_SURV_MODIFY: 0x40;
export declare const FAN_MARK_FLUSH: 0x80;
export declare const FAN_MARK_INODE: 0x0;
export declare const FAN_MARK_FILESYSTEM: 0x100;
export declare const FAN_MARK_EVICTABLE: 0x200;
export declare const FAN_MARK_IGNORE: 0x400;
export declare const FAN_MARK_IGNORE_SURV: 0x440;

/* fanotify event bits */
export declare const FAN_ACCESS: 0x1;
export declare const FAN_MODIFY: 0x2;
export declare const FAN_ATTRIB: 0x4;
export declare const FAN_CLOSE_WRITE: 0x8;
export declare const FAN_CLOSE_NOWRITE: 0x10;
export declare const FAN_OPEN: 0x20;
export declare const FAN_MOVED_FROM: 0x40;
export declare const FAN_MOVED_TO: 0x80;
export declare const FAN_CREATE: 0x100;
export declare const FAN_DELETE: 0x200;
export declare const FAN_DELETE_SELF: 0x400;
export declare const FAN_MOVE_SELF: 0x800;
export declare const FAN_OPEN_EXEC: 0x1000;
export declare const FAN_Q_OVERFLOW: 0x4000;
export declare const FAN_FS_ERROR: 0x8000;
export declare const FAN_OPEN_PERM: 0x10000;
export declare const FAN_ACCESS_PERM: 0x20000;
export declare const FAN_OPEN_EXEC_PERM: 0x40000;
export declare const FAN_PRE_ACCESS: 0x100000;
export declare const FAN_EVENT_ON_CHILD: 0x8000000;
export declare const FAN_RENAME: 0x10000000;
export declare const FAN_ONDIR: 0x40000000;
export declare const FAN_CLOSE: 0x18;
export declare const FAN_MOVE: 0xc0;
export declare const FAN_ALL_EVENTS: 0x3b;
export declare const FAN_ALL_PERM_EVENTS: 0x30000;
export declare const FAN_ALL_OUTGOING_EVENTS: 0x3403b;
/** Every bit that makes the kernel wait for a response. */
export declare const FAN_PERMISSION_EVENTS: 0x170000;

/* fanotify records */
export declare const FANOTIFY_METADATA_VERSION: 0x3;
export declare const FAN_EVENT_METADATA_LEN: 0x18;
export declare const FAN_RESPONSE_LEN: 0x8;
export declare const FAN_ALLOW: 0x1;
export declare const FAN_DENY: 0x2;
export declare const FAN_AUDIT: 0x10;
export declare const FAN_NOFD: -1;
export declare const FAN_EVENT_INFO_TYPE_FID: 0x1;
export declare const FAN_EVENT_INFO_TYPE_DFID_NAME: 0x2;
export declare const FAN_EVENT_INFO_TYPE_DFID: 0x3;
export declare const FAN_EVENT_INFO_TYPE_PIDFD: 0x4;
export declare const FAN_EVENT_INFO_TYPE_ERROR: 0x5;
export declare const FAN_EVENT_INFO_TYPE_RANGE: 0x6;
export declare const FAN_EVENT_INFO_TYPE_MNT: 0x7;
export declare const FAN_EVENT_INFO_TYPE_OLD_DFID_NAME: 0xa;
export declare const FAN_EVENT_INFO_TYPE_NEW_DFID_NAME: 0xc;
/** Largest opaque handle the kernel hands out (MAX_HANDLE_SZ). */
export declare const MAX_HANDLE_SZ: 0x80;

/* inotify */
export declare const IN_ACCESS: 0x1;
export declare const IN_MODIFY: 0x2;
export declare const IN_ATTRIB: 0x4;
export declare const IN_CLOSE_WRITE: 0x8;
export declare const IN_CLOSE_NOWRITE: 0x10;
export declare const IN_OPEN: 0x20;
export declare const IN_MOVED_FROM: 0x40;
export declare const IN_MOVED_TO: 0x80;
export declare const IN_CREATE: 0x100;
export declare const IN_DELETE: 0x200;
export declare const IN_DELETE_SELF: 0x400;
export declare const IN_MOVE_SELF: 0x800;
export declare const IN_UNMOUNT: 0x2000;
export declare const IN_Q_OVERFLOW: 0x4000;
export declare const IN_IGNORED: 0x8000;
export declare const IN_ONLYDIR: 0x1000000;
export declare const IN_DONT_FOLLOW: 0x2000000;
export declare const IN_EXCL_UNLINK: 0x4000000;
export declare const IN_MASK_CREATE: 0x10000000;
export declare const IN_MASK_ADD: 0x20000000;
export declare const IN_ISDIR: 0x40000000;
export declare const IN_ONESHOT: 0x80000000;
export declare const IN_CLOSE: 0x18;
export declare const IN_MOVE: 0xc0;
export declare const IN_ALL_EVENTS: 0xfff;
export declare const IN_CLOEXEC: 0x80000;
export declare const IN_NONBLOCK: 0x800;
export declare const INOTIFY_EVENT_LEN: 0x10;
export declare const NAME_MAX: 0xff;

/* open(2), eventfd(2), poll(2), *at(2), statx(2) */
export declare const O_RDONLY: 0x0;
export declare const O_WRONLY: 0x1;
export declare const O_RDWR: 0x2;
export declare const O_NONBLOCK: 0x800;
export declare const O_LARGEFILE: 0x8000;
export declare const O_DIRECTORY: 0x10000;
export declare const O_NOFOLLOW: 0x20000;
export declare const O_NOATIME: 0x40000;
export declare const O_CLOEXEC: 0x80000;
export declare const O_PATH: 0x200000;
export declare const F_GETFL: 3;
export declare const F_SETFL: 4;
export declare const EFD_NONBLOCK: 0x800;
export declare const EFD_CLOEXEC: 0x80000;
export declare const POLLIN: 0x1;
export declare const POLLERR: 0x8;
export declare const POLLHUP: 0x10;
export declare const POLLNVAL: 0x20;
export declare const AT_FDCWD: -100;
export declare const AT_EMPTY_PATH: 0x1000;
export declare const AT_SYMLINK_FOLLOW: 0x400;
export declare const AT_SYMLINK_NOFOLLOW: 0x100;
/** statx: cached attributes on a network or FUSE filesystem, never a round trip to the server. */
export declare const AT_STATX_DONT_SYNC: 0x4000;
export declare const STATX_UID: 0x8;
export declare const STATX_BASIC_STATS: 0x7ff;
/** Offsets in struct statx (the same on every architecture): stx_uid (u32), stx_mode (u16), stx_ino, stx_size (u64), stx_ctime, stx_mtime (statx_timestamp). */
export declare const STATX_UID_OFFSET: 20;
export declare const STATX_MODE_OFFSET: 28;
export declare const STATX_INO_OFFSET: 32;
export declare const STATX_SIZE_OFFSET: 40;
export declare const STATX_CTIME_OFFSET: 96;
export declare const STATX_MTIME_OFFSET: 112;
export declare const STATX_SIZE: 256;
/** sizeof(struct statfs) on 64-bit Linux; f_type is its first field. */
export declare const STATFS_SIZE: 120;
export declare const PATH_MAX: 0x1000;

/* errno values used by the kernel edge */

/** errno values the kernel edge meets, by name. */
export declare const errno: Readonly<{ EPERM: 1; ENOENT: 2; ESRCH: 3; EINTR: 4; EIO: 5; EBADF: 9; EAGAIN: 11; ENOMEM: 12; EACCES: 13; EFAULT: 14; EBUSY: 16; EEXIST: 17; EXDEV: 18; ENODEV: 19; ENOTDIR: 20; EISDIR: 21; EINVAL: 22; ENFILE: 23; EMFILE: 24; ENOSPC: 28; EROFS: 30; ENAMETOOLONG: 36; ENOSYS: 38; ELOOP: 40; EOVERFLOW: 75; EOPNOTSUPP: 95; ESTALE: 116 }>;
