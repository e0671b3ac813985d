import * as IN from '../masks/linux-inotify.constants';
import type { ClassifyInput, NodeObservation } from './classify.types';
import { classifyFileEntry } from './file.classifier';

const FILE: NodeObservation = { exists: true, isDir: false, isSymlink: false };
const GONE: NodeObservation = { exists: false, isDir: false, isSymlink: false };

const input = (mask: number, node: NodeObservation, over: Partial<ClassifyInput> = {}): ClassifyInput => ({
  mask,
  node,
  role: 'single-file',
  recursive: false,
  baseline: 'aaaaaaaaaaaaaaaa',
  hash: 'bbbbbbbbbbbbbbbb',
  ...over,
});

describe(classifyFileEntry.name, () => {
  it.each([
    ['renamed over (MOVED_TO)', input(IN.IN_MOVED_TO, FILE), 'moved', 'MovedTo', [{ type: 'rewatch-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['any move bit with the path present (MOVE_SELF)', input(IN.IN_MOVE_SELF | IN.IN_ATTRIB, FILE), 'moved', 'MovedTo', [{ type: 'rewatch-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['deleted and created again', input(IN.IN_DELETE | IN.IN_CREATE | IN.IN_CLOSE_WRITE, FILE), 'recreated', 'Create', [{ type: 'rewatch-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['old inode deleted, path present again', input(IN.IN_DELETE_SELF, FILE, { hash: null }), 'recreated', 'Create', [{ type: 'rewatch-file', hash: null }]],
    ['chmod', input(IN.IN_ATTRIB, FILE), 'attrib', 'Attr', []],
    ['first write to a baselined file', input(IN.IN_CLOSE_WRITE | IN.IN_MODIFY, FILE), 'content', 'Modified', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['read, unchanged', input(IN.IN_ACCESS, FILE, { hash: 'aaaaaaaaaaaaaaaa' }), 'content', 'Accessed', []],
    ['exists, nothing of interest', input(IN.IN_ISDIR, FILE), 'exists-other', null, []],
    ['moved away', input(IN.IN_MOVE_SELF, GONE), 'moved-from', 'MovedFrom', [{ type: 'remove-path' }]],
    ['deleted', input(IN.IN_DELETE_SELF | IN.IN_ATTRIB, GONE), 'removed', 'Removed', [{ type: 'remove-path' }]],
  ])('%s', (_name, given, row, kind, actions) => {
    expect(classifyFileEntry(given)).toEqual({ table: 'file', row, kind, actions });
  });
});
