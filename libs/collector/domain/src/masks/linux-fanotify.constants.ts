/* fanotify event bits, values from linux/fanotify.h (kernel 6.18 uapi). */
export const FAN_ACCESS = 0x00000001;
export const FAN_MODIFY = 0x00000002;
export const FAN_ATTRIB = 0x00000004;
export const FAN_CLOSE_WRITE = 0x00000008;
export const FAN_CLOSE_NOWRITE = 0x00000010;
export const FAN_OPEN = 0x00000020;
export const FAN_MOVED_FROM = 0x00000040;
export const FAN_MOVED_TO = 0x00000080;
export const FAN_CREATE = 0x00000100;
export const FAN_DELETE = 0x00000200;
export const FAN_DELETE_SELF = 0x00000400;
export const FAN_MOVE_SELF = 0x00000800;
export const FAN_OPEN_EXEC = 0x00001000;
export const FAN_Q_OVERFLOW = 0x00004000;
export const FAN_FS_ERROR = 0x00008000;
export const FAN_OPEN_PERM = 0x00010000;
export const FAN_ACCESS_PERM = 0x00020000;
export const FAN_OPEN_EXEC_PERM = 0x00040000;
/** Pre-content access hook (6.14+). */
export const FAN_PRE_ACCESS = 0x00100000;
export const FAN_EVENT_ON_CHILD = 0x08000000;
export const FAN_RENAME = 0x10000000;
export const FAN_ONDIR = 0x40000000;

/** Every bit that makes an event a permission event: the kernel waits for FAN_ALLOW/FAN_DENY. */
export const FAN_PERMISSION_EVENTS = FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM | FAN_PRE_ACCESS;
