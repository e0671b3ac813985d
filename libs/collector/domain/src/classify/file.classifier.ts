import type { FileEventKind } from '@fsmon/contracts';
import { CONTENT_BITS, MOVE_BITS } from '../masks/internal-mask';
import { IN_ATTRIB, IN_CREATE, IN_DELETE, IN_DELETE_SELF } from '../masks/linux-inotify.constants';
import type { Classification, ClassifyAction, ClassifyInput } from './classify.types';
import { contentChange } from './content-change.rule';

const has = (mask: number, bits: number): boolean => (mask & bits) !== 0;

function result(kind: FileEventKind | null, row: string, actions: readonly ClassifyAction[] = []): Classification {
  return { kind, actions, table: 'file', row };
}

/**
 * File classification (§4.5) for single-file entries. First matching row wins:
 *
 * | row | condition | event | actions |
 * |---|---|---|---|
 * | moved | exists, IN_MOVED_FROM/IN_MOVED_TO/IN_MOVE_SELF | MovedTo | rewatch-file (new inode, new baseline) |
 * | recreated | exists, IN_CREATE/IN_DELETE/IN_DELETE_SELF | Create | rewatch-file |
 * | attrib | exists, IN_ATTRIB | Attr | – |
 * | content | exists, IN_ACCESS/IN_CLOSE_WRITE/IN_MODIFY | Accessed / Modified | see contentChange |
 * | exists-other | exists | none | – |
 * | moved-from | gone, a move bit | MovedFrom | remove-path |
 * | removed | gone | Removed | remove-path |
 *
 * Differences from the seed: `recreated` is new — FID-mode fanotify reports FAN_CREATE/FAN_DELETE
 * for a single file deleted and created again, which the seed's table classified as nothing;
 * `moved` resets the baseline (the seed kept the old inode's hash); `moved-from` unwatches the
 * path, because an inotify watch follows the moved inode and would report it under the old path.
 */
export function classifyFileEntry(input: ClassifyInput): Classification {
  const { mask, node } = input;
  if (node.exists) {
    if (has(mask, MOVE_BITS)) return result('MovedTo', 'moved', [{ type: 'rewatch-file', hash: input.hash }]);
    if (has(mask, IN_CREATE | IN_DELETE | IN_DELETE_SELF)) {
      return result('Create', 'recreated', [{ type: 'rewatch-file', hash: input.hash }]);
    }
    if (has(mask, IN_ATTRIB)) return result('Attr', 'attrib');
    if (has(mask, CONTENT_BITS)) {
      const change = contentChange(mask, false, input.baseline, input.hash);
      return result(change.kind, 'content', change.actions);
    }
    return result(null, 'exists-other');
  }
  const gone: ClassifyAction[] = [{ type: 'remove-path' }];
  if (has(mask, MOVE_BITS)) return result('MovedFrom', 'moved-from', gone);
  return result('Removed', 'removed', gone);
}
