import { DEFAULT_FILTERS } from '@fsmon/rules';
import { newGroup, setMode, setSelector } from './group.edits';
import { group, NOW } from '../test/groups.fixture';

describe(newGroup.name, () => {
  it('gives a new group the 21 default filters, Discover mode and an empty access rule', () => {
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
    expect(r.ok && r.value.profile.filters).toEqual(DEFAULT_FILTERS);
    expect(r.ok && r.value.profile.filters).toHaveLength(21);
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
