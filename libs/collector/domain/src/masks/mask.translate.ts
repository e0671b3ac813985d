import {
  FAN_ACCESS,
  FAN_ACCESS_PERM,
  FAN_ATTRIB,
  FAN_CLOSE_WRITE,
  FAN_CREATE,
  FAN_DELETE,
  FAN_DELETE_SELF,
  FAN_MODIFY,
  FAN_MOVE_SELF,
  FAN_MOVED_FROM,
  FAN_MOVED_TO,
  FAN_ONDIR,
  FAN_OPEN,
  FAN_OPEN_EXEC,
  FAN_OPEN_EXEC_PERM,
  FAN_OPEN_PERM,
  FAN_PERMISSION_EVENTS,
  FAN_PRE_ACCESS,
  FAN_Q_OVERFLOW,
} from './linux-fanotify.constants';
import {
  IN_ACCESS,
  IN_ATTRIB,
  IN_CLOSE_WRITE,
  IN_CREATE,
  IN_DELETE,
  IN_DELETE_SELF,
  IN_IGNORED,
  IN_ISDIR,
  IN_MODIFY,
  IN_MOVE_SELF,
  IN_MOVED_FROM,
  IN_MOVED_TO,
  IN_OPEN,
  IN_Q_OVERFLOW,
  IN_UNMOUNT,
} from './linux-inotify.constants';
import { INTERNAL_MASK_BITS } from './internal-mask';

const FAN_OPENS = FAN_ACCESS | FAN_OPEN | FAN_OPEN_EXEC | FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM | FAN_PRE_ACCESS;

/** fanotify bit(s) → internal bit. Every matching row contributes (a merged record keeps all). */
const FAN_TO_INTERNAL: ReadonlyArray<readonly [number, number]> = [
  [FAN_OPENS, IN_ACCESS],
  [FAN_MODIFY, IN_MODIFY],
  [FAN_CLOSE_WRITE, IN_CLOSE_WRITE],
  [FAN_ATTRIB, IN_ATTRIB],
  [FAN_MOVED_FROM, IN_MOVED_FROM],
  [FAN_MOVED_TO, IN_MOVED_TO],
  [FAN_CREATE, IN_CREATE],
  [FAN_DELETE, IN_DELETE],
  [FAN_DELETE_SELF, IN_DELETE_SELF],
  [FAN_MOVE_SELF, IN_MOVE_SELF],
  [FAN_ONDIR, IN_ISDIR],
];

/**
 * Translates a fanotify event mask into the internal (inotify-valued) mask.
 *
 * Unlike the seed, which kept only one of MODIFY / CLOSE_WRITE / "open", every bit of a merged
 * record is kept: opens and reads of any kind (including permission events) become IN_ACCESS,
 * FAN_MODIFY → IN_MODIFY, FAN_CLOSE_WRITE → IN_CLOSE_WRITE, the FID-mode directory-entry and
 * inode events map to their inotify namesakes, and FAN_ONDIR → IN_ISDIR.
 *
 * Not translated (the caller handles them first): FAN_Q_OVERFLOW (see {@link isQueueOverflow}),
 * FAN_CLOSE_NOWRITE (the open was already counted), FAN_FS_ERROR, and FAN_RENAME, which a
 * FAN_REPORT_DFID_NAME_TARGET reader must split into MOVED_FROM on the old path and MOVED_TO on
 * the new one.
 */
export function fanotifyToInternal(fanMask: number): number {
  let mask = 0;
  for (const [fan, internal] of FAN_TO_INTERNAL) if ((fanMask & fan) !== 0) mask |= internal;
  return mask;
}

/**
 * Translates an inotify event mask into the internal mask: the event bits pass through, IN_OPEN
 * becomes IN_ACCESS (as fanotify opens do), and control bits are dropped (check
 * {@link isQueueOverflow} and {@link isWatchGone} first).
 */
export function inotifyToInternal(inMask: number): number {
  let mask = inMask & INTERNAL_MASK_BITS;
  if ((inMask & IN_OPEN) !== 0) mask |= IN_ACCESS;
  return mask;
}

/** The kernel queue overflowed: events were lost (same bit for fanotify and inotify). */
export function isQueueOverflow(mask: number): boolean {
  return (mask & (FAN_Q_OVERFLOW | IN_Q_OVERFLOW)) !== 0;
}

/** inotify dropped the watch (IN_IGNORED) or its file system went away (IN_UNMOUNT): unwatch the path. */
export function isWatchGone(inMask: number): boolean {
  return (inMask & (IN_IGNORED | IN_UNMOUNT)) !== 0;
}

/** The kernel waits for a FAN_ALLOW/FAN_DENY answer to this fanotify event. */
export function isPermissionEvent(fanMask: number): boolean {
  return (fanMask & FAN_PERMISSION_EVENTS) !== 0;
}
