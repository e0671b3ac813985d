import * as IN from '../masks/linux-inotify.constants';
import { classifyEvent } from './classify';
import type { ClassifyAction, EntryRole, NodeObservation } from './classify.types';
import { contentChange } from './content-change.rule';
import { CONTENT_HASH, isContentHash } from './content-hash';

describe(contentChange.name, () => {
  const W = IN.IN_CLOSE_WRITE;
  const M = IN.IN_MODIFY;
  const R = IN.IN_ACCESS;
  it.each([
    ['directory', R, true, null, null, 'Accessed', []],
    ['not hashed, written', M, false, 'aaaaaaaaaaaaaaaa', null, 'Modified', []],
    ['not hashed, read', R, false, 'aaaaaaaaaaaaaaaa', null, 'Accessed', []],
    ['never baselined, written (§8.4)', W, false, null, 'bbbbbbbbbbbbbbbb', 'Modified', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['never baselined, read', R, false, null, 'bbbbbbbbbbbbbbbb', 'Accessed', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['baselined, changed (§8.4)', W, false, 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'Modified', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['baselined, changed, read only bits', R, false, 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'Modified', [{ type: 'update-baseline', hash: 'bbbbbbbbbbbbbbbb' }]],
    ['baselined, same content, written', W, false, 'aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', 'Accessed', []],
  ])('%s', (_name, mask, isDir, baseline, hash, kind, actions) => {
    expect(contentChange(mask, isDir, baseline, hash)).toEqual({ kind, actions });
  });
});

describe(classifyEvent.name, () => {
  const FILE: NodeObservation = { exists: true, isDir: false, isSymlink: false };
  const DIR: NodeObservation = { exists: true, isDir: true, isSymlink: false };

  it.each([
    ['watched-dir', FILE, 'dir'],
    ['dir-child', FILE, 'dir'],
    ['single-file', FILE, 'file'],
    ['single-file', DIR, 'dir'],
  ] as const)('role %s, node %o → %s table', (role, node, table) => {
    expect(classifyEvent({ mask: IN.IN_ATTRIB, role, node, recursive: true, baseline: null, hash: null }).table).toBe(table);
  });

  /**
   * A minimal watch state, updated only through the returned actions: shows the actions are enough
   * to carry each file's own baseline and to make created files known children.
   */
  class WatchState {
    readonly children = new Map<string, string | null>();
    readonly dirs = new Set<string>(['/data']);

    classify(path: string, mask: number, node: NodeObservation, hash: string | null): string | null {
      const role: EntryRole = this.dirs.has(path) ? 'watched-dir' : 'dir-child';
      // The caller marks an unknown child matching the filter as new (seed lookupFile), known ones are not.
      const effective = role === 'dir-child' && !this.children.has(path) ? mask | IN.IN_CREATE : mask;
      const baseline = this.children.get(path) ?? null;
      const result = classifyEvent({ mask: effective, role, node, recursive: true, baseline, hash });
      for (const action of result.actions) this.apply(path, action);
      return result.kind;
    }

    private apply(path: string, action: ClassifyAction): void {
      switch (action.type) {
        case 'add-file':
        case 'rewatch-file':
          this.children.set(path, action.hash);
          return;
        case 'update-baseline':
          this.children.set(path, action.hash);
          return;
        case 'watch-dir':
          this.dirs.add(path);
          return;
        case 'remove-path':
          this.children.delete(path);
          this.dirs.delete(path);
          return;
      }
    }
  }

  it('a created file becomes a known child: later writes are Modified/Accessed, not Create again (§8.10)', () => {
    const state = new WatchState();
    expect(state.classify('/data/new.txt', IN.IN_CLOSE_WRITE, FILE, '1111111111111111')).toBe('Create');
    expect(state.classify('/data/new.txt', IN.IN_CLOSE_WRITE, FILE, '2222222222222222')).toBe('Modified');
    expect(state.classify('/data/new.txt', IN.IN_ACCESS, FILE, '2222222222222222')).toBe('Accessed');
  });

  it('each file keeps its own baseline: interleaved files do not disturb each other (§8.4)', () => {
    const state = new WatchState();
    state.children.set('/data/a', 'aaaaaaaaaaaaaaaa');
    state.children.set('/data/b', 'bbbbbbbbbbbbbbbb');
    expect(state.classify('/data/a', IN.IN_CLOSE_WRITE, FILE, 'a2a2a2a2a2a2a2a2')).toBe('Modified');
    expect(state.classify('/data/b', IN.IN_ACCESS, FILE, 'bbbbbbbbbbbbbbbb')).toBe('Accessed');
    expect(state.classify('/data/a', IN.IN_ACCESS, FILE, 'a2a2a2a2a2a2a2a2')).toBe('Accessed');
    expect(state.children.get('/data/b')).toBe('bbbbbbbbbbbbbbbb');
  });

  it('a created sub-directory is watched itself; the parent stays the same watched directory (§8.9)', () => {
    const state = new WatchState();
    expect(state.classify('/data/sub', IN.IN_CREATE | IN.IN_ISDIR, DIR, null)).toBe('DirCreate');
    expect([...state.dirs]).toEqual(['/data', '/data/sub']);
    expect(state.classify('/data', IN.IN_DELETE_SELF, { exists: false, isDir: false, isSymlink: false }, null)).toBe('DirRemoved');
  });
});

describe(isContentHash.name, () => {
  it('accepts 16 lower-case hex characters only', () => {
    expect(CONTENT_HASH.hexLength).toBe(16);
    expect(isContentHash('e3b0c44298fc1c14')).toBe(true);
    expect(isContentHash('E3B0C44298FC1C14')).toBe(false);
    expect(isContentHash('e3b0c44298fc1c1')).toBe(false);
    expect(isContentHash('')).toBe(false);
  });
});
