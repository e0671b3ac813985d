/*
 * inotify event bits, values from linux/inotify.h. The collector's internal mask uses these same
 * bits for every source (as the seed does), so they double as the internal event vocabulary.
 */
export const IN_ACCESS = 0x00000001;
export const IN_MODIFY = 0x00000002;
export const IN_ATTRIB = 0x00000004;
export const IN_CLOSE_WRITE = 0x00000008;
export const IN_CLOSE_NOWRITE = 0x00000010;
export const IN_OPEN = 0x00000020;
export const IN_MOVED_FROM = 0x00000040;
export const IN_MOVED_TO = 0x00000080;
export const IN_CREATE = 0x00000100;
export const IN_DELETE = 0x00000200;
export const IN_DELETE_SELF = 0x00000400;
export const IN_MOVE_SELF = 0x00000800;
export const IN_UNMOUNT = 0x00002000;
export const IN_Q_OVERFLOW = 0x00004000;
export const IN_IGNORED = 0x00008000;
export const IN_ISDIR = 0x40000000;

/** Watch mask the seed puts on single files (0xECE). */
export const IN_FILE_WATCH_MASK =
  IN_ATTRIB | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE | IN_DELETE_SELF | IN_MOVED_FROM | IN_MOVED_TO | IN_MOVE_SELF;
/** Watch mask the seed puts on directories (0xFCE): the file mask plus IN_CREATE. */
export const IN_DIR_WATCH_MASK = IN_FILE_WATCH_MASK | IN_CREATE;
