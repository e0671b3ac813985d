import type { FileEventKind } from '@fsmon/contracts';
import { CONTENT_BITS, MOVE_BITS } from '../masks/internal-mask';
import { IN_ATTRIB, IN_CREATE, IN_ISDIR, IN_MOVED_TO } from '../masks/linux-inotify.constants';
import type { Classification, ClassifyAction, ClassifyInput } from './classify.types';
import { contentChange } from './content-change.rule';

const has = (mask: number, bits: number): boolean => (mask & bits) !== 0;

function result(kind: FileEventKind | null, row: string, actions: readonly ClassifyAction[] = []): Classification {
  return { kind, actions, table: 'dir', row };
}

/**
 * Directory classification (§4.5): watched directories, their children, and anything that is a
 * directory now. First matching row wins:
 *
 * | row | condition | event | actions |
 * |---|---|---|---|
 * | moved-to | exists, IN_MOVED_TO | DirMovedTo / MovedTo | watch-dir (recursive) / add-file |
 * | dir-created | exists, IN_CREATE, directory | DirCreate | watch-dir (recursive) |
 * | symlink-created | exists, IN_CREATE, symlink | DirSymCreate / SymCreate | add-file |
 * | file-created | exists, IN_CREATE | Create | add-file |
 * | attrib | exists, IN_ATTRIB | DirAttr / Attr | – |
 * | content | exists, IN_ACCESS/IN_CLOSE_WRITE/IN_MODIFY | Accessed / Modified | see contentChange |
 * | exists-other | exists | none | – |
 * | dir-removed | gone, the path is the watched directory | DirRemoved | remove-path |
 * | moved-from | gone, IN_MOVED_FROM/IN_MOVED_TO/IN_MOVE_SELF | DirMovedFrom (IN_ISDIR) / MovedFrom | remove-path |
 * | removed | gone | Removed | remove-path |
 *
 * Fixes against the seed: a created directory yields a watch-dir action for itself and never
 * rewrites the parent's record (§8.9); a created file becomes a known child with its own
 * baseline, so its later writes classify Modified/Accessed rather than Create again (§8.10).
 */
export function classifyDirEntry(input: ClassifyInput): Classification {
  const { mask, node, recursive } = input;
  if (node.exists) {
    if (has(mask, IN_MOVED_TO)) {
      if (node.isDir) return result('DirMovedTo', 'moved-to', recursive ? [{ type: 'watch-dir' }] : []);
      return result('MovedTo', 'moved-to', [{ type: 'add-file', hash: input.hash }]);
    }
    if (has(mask, IN_CREATE)) {
      if (node.isDir) return result('DirCreate', 'dir-created', recursive ? [{ type: 'watch-dir' }] : []);
      if (node.isSymlink) {
        const kind = node.linkTargetIsDir === true ? 'DirSymCreate' : 'SymCreate';
        return result(kind, 'symlink-created', [{ type: 'add-file', hash: input.hash }]);
      }
      return result('Create', 'file-created', [{ type: 'add-file', hash: input.hash }]);
    }
    if (has(mask, IN_ATTRIB)) return result(node.isDir ? 'DirAttr' : 'Attr', 'attrib');
    if (has(mask, CONTENT_BITS)) {
      const change = contentChange(mask, node.isDir, input.baseline, input.hash);
      return result(change.kind, 'content', change.actions);
    }
    return result(null, 'exists-other');
  }
  const gone: ClassifyAction[] = [{ type: 'remove-path' }];
  if (input.role === 'watched-dir') return result('DirRemoved', 'dir-removed', gone);
  if (has(mask, MOVE_BITS)) return result(has(mask, IN_ISDIR) ? 'DirMovedFrom' : 'MovedFrom', 'moved-from', gone);
  return result('Removed', 'removed', gone);
}
