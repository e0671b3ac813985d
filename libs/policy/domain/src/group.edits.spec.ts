import { ADDITIONAL_FILTERS, BUILT_IN_FILTERS, DEFAULT_FILTERS } from '@fsmon/rules';
import { newGroup, setMode, setSelector } from './group.edits';
import { group, NOW } from '../test/groups.fixture';

describe(newGroup.name, () => {
  it('gives a new group the built-in filters (the seed 21, then the package databases it misses), Discover mode and an empty access rule', () => {
    const r = newGroup({ name: 'web', selector: { names: ['web-*'] } }, NOW);
    expect(r.ok && r.value).toMatchObject({
      revision: 0,
      name: 'web',
      deleted: false,
      selector: { names: ['web-*'], ids: [], images: [], labels: {} },
      profile: { group: 'web', mode: 'Discover', filtersCRD: [] },
      accessRule: { group: 'web', filters: {}, filtersCRD: {} },
      updatedAt: NOW,
    });
    const filters = r.ok ? r.value.profile.filters : [];
    expect(filters).toEqual(BUILT_IN_FILTERS);
    expect(filters.slice(0, DEFAULT_FILTERS.length)).toEqual(DEFAULT_FILTERS);
    expect(filters.slice(DEFAULT_FILTERS.length)).toEqual(ADDITIONAL_FILTERS);
    expect(filters.every((f) => !f.customerAdd)).toBe(true);
  });

  it('makes the host group nodes Monitor and refuses a selector or another mode for it', () => {
    const host = newGroup({ name: 'nodes' }, NOW);
    expect(host.ok && host.value.profile.mode).toBe('Monitor');
    const r1 = newGroup({ name: 'nodes', mode: 'Protect' }, NOW);
    const r2 = newGroup({ name: 'nodes', selector: { names: ['x'] } }, NOW);
    expect(!r1.ok && r1.problem.reason).toBe('HOST_GROUP_MODE');
    expect(!r2.ok && r2.problem.reason).toBe('HOST_GROUP_SELECTOR');
  });

  it.each(['', '-web', 'a b', 'x/y', 'a'.repeat(129), 'é'])('refuses the group name %j', (name) => {
    const r = newGroup({ name }, NOW);
    expect(r.ok || [r.problem.code, r.problem.reason]).toEqual(['VALIDATION_FAILED', 'GROUP_NAME_INVALID']);
  });
});

describe(setSelector.name, () => {
  it('replaces the selector with defaults filled in', () => {
    const r = setSelector(group(), { labels: { app: 'web' } });
    expect(r.ok && r.value.selector).toEqual({ ids: [], names: [], images: [], labels: { app: 'web' } });
  });
});

describe(setMode.name, () => {
  it('switches the mode and keeps nodes in Monitor', () => {
    const r = setMode(group(), 'Protect');
    expect(r.ok && r.value.profile.mode).toBe('Protect');
    const host = setMode(group('nodes'), 'Discover');
    expect(!host.ok && host.problem.reason).toBe('HOST_GROUP_MODE');
  });
});
