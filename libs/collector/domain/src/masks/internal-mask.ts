import {
  IN_ACCESS,
  IN_ATTRIB,
  IN_CLOSE_WRITE,
  IN_CREATE,
  IN_DELETE,
  IN_DELETE_SELF,
  IN_ISDIR,
  IN_MODIFY,
  IN_MOVE_SELF,
  IN_MOVED_FROM,
  IN_MOVED_TO,
} from './linux-inotify.constants';

/**
 * The internal event mask: inotify bit values, whatever the source. Only these bits survive
 * translation; control bits (overflow, ignored, unmount) are handled before coalescing.
 */
export const INTERNAL_MASK_BITS =
  IN_ACCESS |
  IN_MODIFY |
  IN_ATTRIB |
  IN_CLOSE_WRITE |
  IN_MOVED_FROM |
  IN_MOVED_TO |
  IN_CREATE |
  IN_DELETE |
  IN_DELETE_SELF |
  IN_MOVE_SELF |
  IN_ISDIR;

/** A write happened: the content may have changed. */
export const WRITE_BITS = IN_CLOSE_WRITE | IN_MODIFY;
/** The access/write row of the classification tables. */
export const CONTENT_BITS = IN_ACCESS | WRITE_BITS;
/** The seed's "move bit": moved away, moved in, or the watched inode itself moved. */
export const MOVE_BITS = IN_MOVED_FROM | IN_MOVED_TO | IN_MOVE_SELF;

const NAMES: ReadonlyArray<readonly [number, string]> = [
  [IN_ACCESS, 'ACCESS'],
  [IN_MODIFY, 'MODIFY'],
  [IN_ATTRIB, 'ATTRIB'],
  [IN_CLOSE_WRITE, 'CLOSE_WRITE'],
  [IN_MOVED_FROM, 'MOVED_FROM'],
  [IN_MOVED_TO, 'MOVED_TO'],
  [IN_CREATE, 'CREATE'],
  [IN_DELETE, 'DELETE'],
  [IN_DELETE_SELF, 'DELETE_SELF'],
  [IN_MOVE_SELF, 'MOVE_SELF'],
  [IN_ISDIR, 'ISDIR'],
];

/** `IN_CREATE|IN_ISDIR` style text for logs and test names; unknown bits are shown in hex. */
export function describeMask(mask: number): string {
  const names = NAMES.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
  const rest = mask & ~INTERNAL_MASK_BITS;
  if (rest !== 0) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names.length === 0 ? '0' : names.join('|');
}
