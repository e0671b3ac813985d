import * as IN from '../masks/linux-inotify.constants';
import type { ClassifyInput, NodeObservation } from './classify.types';
import { classifyDirEntry } from './dir.classifier';

const FILE: NodeObservation = { exists: true, isDir: false, isSymlink: false };
const DIR: NodeObservation = { exists: true, isDir: true, isSymlink: false };
const LINK_TO_FILE: NodeObservation = { exists: true, isDir: false, isSymlink: true, linkTargetIsDir: false };
const LINK_TO_DIR: NodeObservation = { exists: true, isDir: false, isSymlink: true, linkTargetIsDir: true };
const GONE: NodeObservation = { exists: false, isDir: false, isSymlink: false };

const input = (mask: number, node: NodeObservation, over: Partial<ClassifyInput> = {}): ClassifyInput => ({
  mask,
  node,
  role: 'dir-child',
  recursive: true,
  baseline: 'aaaaaaaaaaaaaaaa',
  hash: 'bbbbbbbbbbbbbbbb',
  ...over,
});

describe(classifyDirEntry.name, () => {
  it.each([
    ['moved-in file', input(IN.IN_MOVED_TO, FILE), 'moved-to', 'MovedTo', [{ type: 'add-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['moved-in dir, recursive', input(IN.IN_MOVED_TO | IN.IN_ISDIR, DIR), 'moved-to', 'DirMovedTo', [{ type: 'watch-dir' }]],
    ['moved-in dir, not recursive', input(IN.IN_MOVED_TO, DIR, { recursive: false }), 'moved-to', 'DirMovedTo', []],
    ['MOVED_TO beats CREATE', input(IN.IN_MOVED_TO | IN.IN_CREATE, FILE), 'moved-to', 'MovedTo', [{ type: 'add-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['created dir, recursive', input(IN.IN_CREATE | IN.IN_ISDIR, DIR), 'dir-created', 'DirCreate', [{ type: 'watch-dir' }]],
    ['created dir, not recursive', input(IN.IN_CREATE | IN.IN_ISDIR, DIR, { recursive: false }), 'dir-created', 'DirCreate', []],
    ['created symlink to a file', input(IN.IN_CREATE, LINK_TO_FILE, { hash: null }), 'symlink-created', 'SymCreate', [{ type: 'add-file', hash: null }]],
    ['created symlink to a dir', input(IN.IN_CREATE, LINK_TO_DIR, { hash: null }), 'symlink-created', 'DirSymCreate', [{ type: 'add-file', hash: null }]],
    ['created file', input(IN.IN_CREATE | IN.IN_CLOSE_WRITE, FILE), 'file-created', 'Create', [{ type: 'add-file', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['file attribute', input(IN.IN_ATTRIB | IN.IN_MODIFY, FILE), 'attrib', 'Attr', []],
    ['dir attribute', input(IN.IN_ATTRIB, DIR, { role: 'watched-dir', hash: null }), 'attrib', 'DirAttr', []],
    ['write, content changed', input(IN.IN_CLOSE_WRITE, FILE), 'content', 'Modified', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['read, content same', input(IN.IN_ACCESS, FILE, { hash: 'aaaaaaaaaaaaaaaa' }), 'content', 'Accessed', []],
    ['directory opened', input(IN.IN_ACCESS | IN.IN_ISDIR, DIR, { role: 'watched-dir', hash: null }), 'content', 'Accessed', []],
    ['exists, delete only (deleted and re-made)', input(IN.IN_DELETE, FILE), 'exists-other', null, []],
    ['watched dir itself gone', input(IN.IN_DELETE_SELF, GONE, { role: 'watched-dir' }), 'dir-removed', 'DirRemoved', [{ type: 'remove-path' }]],
    ['watched dir moved away (row order: dir-removed first)', input(IN.IN_MOVE_SELF, GONE, { role: 'watched-dir' }), 'dir-removed', 'DirRemoved', [{ type: 'remove-path' }]],
    ['child file moved away', input(IN.IN_MOVED_FROM, GONE), 'moved-from', 'MovedFrom', [{ type: 'remove-path' }]],
    ['child dir moved away', input(IN.IN_MOVED_FROM | IN.IN_ISDIR, GONE), 'moved-from', 'DirMovedFrom', [{ type: 'remove-path' }]],
    ['created then moved away in one window', input(IN.IN_CREATE | IN.IN_MOVED_FROM, GONE), 'moved-from', 'MovedFrom', [{ type: 'remove-path' }]],
    ['child deleted', input(IN.IN_DELETE, GONE), 'removed', 'Removed', [{ type: 'remove-path' }]],
    ['written then deleted in one window', input(IN.IN_CLOSE_WRITE | IN.IN_DELETE, GONE), 'removed', 'Removed', [{ type: 'remove-path' }]],
  ])('%s', (_name, given, row, kind, actions) => {
    expect(classifyDirEntry(given)).toEqual({ table: 'dir', row, kind, actions });
  });
});
