import {
  FAN_ATTRIB,
  FAN_CLOSE_WRITE,
  FAN_CREATE,
  FAN_DELETE,
  FAN_DELETE_SELF,
  FAN_MODIFY,
  FAN_MOVE_SELF,
  FAN_MOVED_FROM,
  FAN_MOVED_TO,
  FAN_OPEN,
  IN_CREATE,
  IN_DIR_WATCH_MASK,
  IN_FILE_WATCH_MASK,
  IN_MOVED_FROM,
  IN_MOVED_TO,
  IN_DELETE,
} from '@fsmon/collector-domain';
import type { FileFilter } from '@fsmon/contracts';

/** How the kernel marks are placed: FID group for everything, or fd group + inotify for names. */
export type MarkMode = 'fid' | 'fd';

const CONTENT = FAN_MODIFY | FAN_CLOSE_WRITE;
const ENTRIES = FAN_CREATE | FAN_DELETE | FAN_MOVED_FROM | FAN_MOVED_TO;
const SELF = FAN_DELETE_SELF | FAN_MOVE_SELF;

/**
 * Whether opens are observed for these filters: customer-added and block filters in every mode
 * (the seed's FAN_OPEN / FAN_OPEN_PERM rule, §2.3). Permission marks (Protect) come with the
 * permission responder; until then Protect observes opens like Monitor.
 */
export function tracksOpens(filters: readonly FileFilter[]): boolean {
  return filters.some((f) => f.customerAdd || f.behavior === 'block_access');
}

/**
 * fanotify mask of a watched directory (events on the directory and on its children; the caller
 * sets onChild and onDir). FID mode also gets entry and attribute events; fd mode cannot (the
 * kernel needs FID reporting for them), inotify supplies those. `opens` false: the protect module
 * holds this workload's opens with permission marks, so no FAN_OPEN here.
 */
export function dirMarkMask(mode: MarkMode, filters: readonly FileFilter[], opens = true): number {
  const open = opens && tracksOpens(filters) ? FAN_OPEN : 0;
  return mode === 'fid' ? CONTENT | FAN_ATTRIB | ENTRIES | SELF | open : CONTENT | open;
}

/** fanotify mask of a directory only walked through (an ancestor of a wildcard or later path): new sub-directories. */
export function structureMarkMask(mode: MarkMode): number {
  return mode === 'fid' ? ENTRIES | SELF : 0;
}

/** fanotify mask of a file marked on its own (a bind-mounted file, whose parent mark never sees it). */
export function fileMarkMask(mode: MarkMode, filter: FileFilter, opens = true): number {
  const open = opens && tracksOpens([filter]) ? FAN_OPEN : 0;
  return mode === 'fid' ? CONTENT | FAN_ATTRIB | SELF | open : CONTENT | open;
}

/** inotify masks: directories (entries, attributes, writes), structure directories, single files. */
export const INOTIFY_DIR_MASK = IN_DIR_WATCH_MASK;
export const INOTIFY_STRUCTURE_MASK = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
export const INOTIFY_FILE_MASK = IN_FILE_WATCH_MASK;
