import type { FileFilter } from '@fsmon/contracts';
import { IN_MODIFY } from '@fsmon/collector-domain';
import type { Workload } from '../containers/workload';
import type { ResolvedPolicy } from '../core/collector.ports';
import { newBaseline, newWatchedDir } from '../watch/watch-state';
import { WorkloadWatch } from '../watch/workload.watch';
import { matchEntry } from './entry.matcher';

const filter = (p: string, behavior: FileFilter['behavior'] = 'monitor_change'): FileFilter => ({ filter: p === '/' ? '/*' : `${p}/*`, path: p, regex: '.*', recursive: false, customerAdd: true, behavior, dgroup: '' });

describe(matchEntry.name, () => {
  const watched = (dirPath: string, f: FileFilter) => {
    const watch = new WorkloadWatch({ rootPid: 7 } as Workload, { filters: [f] } as unknown as ResolvedPolicy, {} as WorkloadWatch['flags'], 0);
    const dir = newWatchedDir(dirPath, 'watch', '1:1');
    dir.views.push(dirPath);
    dir.filters.push(f);
    dir.children.set('a', newBaseline(f));
    return { watch, dir, owner: { watch, dir, file: null } };
  };

  it('gives a known child the same match (path, context, window slot) on every event', () => {
    const { owner, dir } = watched('/srv/set', filter('/srv/set'));
    const first = matchEntry(owner, 'a', false, IN_MODIFY);
    // A name decoded afresh per event: equal, not the same string.
    const again = matchEntry(owner, ['a'].join(''), false, IN_MODIFY);
    expect(first).toMatchObject({ outcome: 'entry', path: '/srv/set/a', context: { dir, name: 'a', role: 'dir-child' } });
    expect(again).toBe(first);
    // It is its own coalescing slot and coverage hint (one object per file on the hot path), both empty until used.
    expect(first.slot).toBe(first);
    expect(first.coverage).toBe(first);
    expect(first).toMatchObject({ entry: null, owner: null, window: -1, coverList: null, coverFilter: null });
  });

  it('makes a new match once a re-plan gave the child another filter', () => {
    const { owner, dir } = watched('/srv/set', filter('/srv/set'));
    const first = matchEntry(owner, 'a', false, IN_MODIFY);
    const stronger = filter('/srv/set', 'block_access');
    (dir.children.get('a') as { filter: FileFilter }).filter = stronger;
    const after = matchEntry(owner, 'a', false, IN_MODIFY);
    expect(after).not.toBe(first);
    expect(after.context?.filter).toBe(stronger);
    expect(after.path).toBe('/srv/set/a');
    expect(after.coverage).not.toBe(first.coverage);
  });

  it('joins a child of the root as /name', () => {
    expect(matchEntry(watched('/', filter('/')).owner, 'a', false, IN_MODIFY).path).toBe('/a');
  });

  it('leaves a name the walk did not find to the filters, unremembered', () => {
    const { owner } = watched('/srv/set', filter('/srv/set'));
    const unknown = matchEntry(owner, 'b', false, IN_MODIFY);
    expect(unknown).toMatchObject({ outcome: 'entry', path: '/srv/set/b' });
    expect(unknown.slot).toBeUndefined();
    expect(unknown.coverage).toBeUndefined();
    expect(matchEntry(owner, 'b', false, IN_MODIFY)).not.toBe(unknown);
  });
});
