import type { ContainerIdentity } from '@fsmon/contracts';
import { BUILT_IN_FILTERS, DEFAULT_FILTERS } from '@fsmon/rules';
import { filter, group, rule } from '../../test/policy/policy.fixtures';
import { PolicyStore } from './policy.store';
import { BUILT_IN_GROUP } from './resolved-policy';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const web: ContainerIdentity = { id: 'c-web', name: 'web-1', image: 'nginx:1.27', labels: { app: 'web', tier: 'front' } };
const db: ContainerIdentity = { id: 'c-db', name: 'db-1', image: 'postgres:16', labels: { app: 'db' } };

function store(defaultMode: 'Discover' | 'Monitor' | 'Protect' = 'Discover'): PolicyStore {
  return new PolicyStore({ defaultMode, logger: quiet });
}

describe(PolicyStore.name, () => {
  it('gives the host the built-in filters (the 21 predefined, then the package databases the seed misses) in Monitor mode while no nodes group exists', () => {
    const r = store().resolve(null);
    expect(r).toMatchObject({ revision: 0, mode: 'Monitor', groups: ['nodes'], isHost: true, builtIn: true, accessRules: undefined });
    expect(r.filters.map((f) => f.filter).sort()).toEqual(BUILT_IN_FILTERS.map((f) => f.filter).sort());
    expect(r.filters.map((f) => f.filter)).toEqual(expect.arrayContaining(DEFAULT_FILTERS.map((f) => f.filter)));
    expect(r.filters.every((f) => f.dgroup === 'nodes')).toBe(true);
  });

  it.each(['Discover', 'Monitor', 'Protect'] as const)('gives an unselected container the built-in default in mode %s', (mode) => {
    const r = store(mode).resolve(web);
    expect(r).toMatchObject({ mode, groups: [BUILT_IN_GROUP], isHost: false, builtIn: true });
    expect(r.filters.map((f) => f.filter).sort()).toEqual(BUILT_IN_FILTERS.map((f) => f.filter).sort());
    expect(r.filters.map((f) => f.filter)).toContain('/var/lib/dpkg/status.d/*');
  });

  it.each([
    ['id', { ids: ['c-web'] }],
    ['name', { names: ['web-*'] }],
    ['image', { images: ['nginx:*'] }],
    ['labels', { labels: { app: 'web' } }],
  ])('selects a container by %s', (_, selector) => {
    const s = store();
    s.apply(group('g', { revision: 1, selector, filters: [filter('/etc/app')] }));
    expect(s.resolve(web)).toMatchObject({ groups: ['g'], builtIn: false, revision: 1 });
    expect(s.resolve(db)).toMatchObject({ groups: [BUILT_IN_GROUP], builtIn: true });
  });

  it('gives the host the nodes group only, whatever the selectors say', () => {
    const s = store();
    s.apply(group('nodes', { revision: 1, mode: 'Protect', filters: [filter('/etc/host-only')] }));
    s.apply(group('everything', { revision: 2, selector: { images: ['*'] } }));
    expect(s.resolve(null)).toMatchObject({ groups: ['nodes'], mode: 'Protect', builtIn: false, revision: 2 });
    expect(s.resolve(null).filters.map((f) => f.path)).toEqual(['/etc/host-only']);
    expect(s.resolve(web).groups).toEqual(['everything']);
  });

  it('merges two groups: strictest mode, filters de-duplicated, CRD first, rules united', () => {
    const s = store();
    s.apply(group('b-team', { revision: 1, selector: { labels: { app: 'web' } }, mode: 'Discover', filters: [filter('/etc/shared')], rules: { '/etc/shared/': rule(['/bin/a']) } }));
    s.apply(
      group('a-front', {
        revision: 2,
        selector: { labels: { tier: 'front' } },
        mode: 'Protect',
        filters: [filter('/etc/shared', '', { behavior: 'block_access' }), filter('/etc/own')],
        filtersCRD: [filter('/etc/crd')],
        rules: { '/etc/shared/': rule(['/bin/b']) },
      }),
    );
    const r = s.resolve(web);
    expect(r.groups).toEqual(['a-front', 'b-team']);
    expect(r.mode).toBe('Protect');
    expect(r.filters.map((f) => `${f.path}:${f.behavior}:${f.dgroup}`)).toEqual(['/etc/crd:monitor_change:a-front', '/etc/own:monitor_change:a-front', '/etc/shared:block_access:a-front']);
    expect(r.accessRules?.filters.get('/etc/shared/')?.apps).toEqual(['/bin/a', '/bin/b']);
  });

  it('keeps the latest revision per group and ignores older or equal ones', () => {
    const s = store();
    expect(s.apply(group('g', { revision: 5, selector: { ids: ['c-web'] }, mode: 'Protect' })).outcome).toBe('applied');
    expect(s.apply(group('g', { revision: 3, selector: { ids: ['c-web'] }, mode: 'Discover' })).outcome).toBe('stale');
    expect(s.apply(group('g', { revision: 5, selector: { ids: ['c-web'] }, mode: 'Discover' })).outcome).toBe('stale');
    expect(s.resolve(web).mode).toBe('Protect');
    expect(s.stats()).toMatchObject({ appliedRevision: 5, applied: 1, stale: 2 });
  });

  it('removes a group on a tombstone and does not let an older message revive it', () => {
    const s = store();
    s.apply(group('g', { revision: 1, selector: { ids: ['c-web'] } }));
    s.apply(group('g', { revision: 2, selector: { ids: ['c-web'] }, deleted: true }));
    expect(s.resolve(web).builtIn).toBe(true);
    expect(s.apply(group('g', { revision: 1, selector: { ids: ['c-web'] } })).outcome).toBe('stale');
    expect(s.groupNames()).toEqual([]);
    expect(s.stats()).toMatchObject({ groups: 0, tombstones: 1, appliedRevision: 2 });
    s.apply(group('g', { revision: 3, selector: { ids: ['c-web'] } }));
    expect(s.resolve(web).groups).toEqual(['g']);
  });

  it('refuses a message whose names disagree, applying nothing', () => {
    const s = store();
    const bad = { ...group('g', { revision: 1, selector: { ids: ['c-web'] } }), accessRule: { group: 'other', filters: {}, filtersCRD: {} } };
    const result = s.apply(bad, 'g');
    expect(result).toEqual({ outcome: 'invalid', problems: ['accessRule.group "other" is not the group name "g"'] });
    expect(s.apply(group('g', { revision: 1 }), 'h')).toMatchObject({ outcome: 'invalid', problems: ['key "h" is not the group name "g"'] });
    expect(s.stats()).toMatchObject({ invalid: 2, groups: 0 });
  });

  it('leaves out filters that fail validation and counts them', () => {
    const s = store();
    const result = s.apply(group('g', { revision: 1, selector: { ids: ['c-web'] }, filters: [filter('/etc/ok'), filter('relative/path'), filter('/etc', '(a+)+')] }));
    expect(result).toEqual({ outcome: 'applied', rejectedFilters: 2 });
    expect(s.resolve(web).filters.map((f) => f.path)).toEqual(['/etc/ok']);
    expect(s.stats().rejectedFilters).toBe(2);
  });

  it('tells listeners which groups changed, once for applyAll, and survives a failing listener', () => {
    const s = store();
    const calls: [readonly string[], number][] = [];
    s.onChange(() => {
      throw new Error('listener bug');
    });
    const off = s.onChange((groups, revision) => calls.push([groups, revision]));
    s.apply(group('a', { revision: 1 }));
    s.apply(group('a', { revision: 1 }));
    s.applyAll([group('b', { revision: 2 }), group('c', { revision: 3 })]);
    off();
    s.apply(group('d', { revision: 4 }));
    expect(calls).toEqual([
      [['a'], 1],
      [['b', 'c'], 3],
    ]);
  });
});
