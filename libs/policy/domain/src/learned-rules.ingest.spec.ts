import type { GroupPolicy } from '@fsmon/contracts';
import { BUILT_IN_FILTERS } from '@fsmon/rules';
import { group, LATER } from '../test/groups.fixture';
import { setMode } from './group.edits';
import { ingestLearnedRules } from './learned-rules.ingest';

describe(ingestLearnedRules.name, () => {
  const web = group('web', { pattern: '/data/*', apps: ['/bin/cat'] });
  const monitored = (() => {
    const r = setMode(group('api', { pattern: '/data/*' }), 'Monitor');
    if (!r.ok) throw new Error('fixture');
    return r.value;
  })();
  const withCrd: GroupPolicy = { ...web, name: 'crd', profile: { ...web.profile, group: 'crd', filtersCRD: [{ ...web.profile.filters[BUILT_IN_FILTERS.length], filter: '/crd/*', path: '/crd' }] } };
  const groups = new Map<string, GroupPolicy | null>([
    ['web', web],
    ['api', monitored],
    ['nodes', group('nodes', { pattern: '/srv/*' })],
    ['crd', withCrd],
  ]);

  it.each([
    ['added', { group: 'web', filter: '/data/.*', path: '/usr/bin/vi' }],
    ['already-allowed', { group: 'web', filter: '/data/.*', path: '/bin/cat' }],
    ['unknown-group', { group: 'ghost', filter: '/data/.*', path: '/x' }],
    ['host-group', { group: 'nodes', filter: '/srv/.*', path: '/x' }],
    ['not-discover', { group: 'api', filter: '/data/.*', path: '/x' }],
    ['predefined-filter', { group: 'web', filter: '/etc/passwd/', path: '/x' }],
    ['crd-filter', { group: 'crd', filter: '/crd/.*', path: '/x' }],
    ['unknown-filter', { group: 'web', filter: '/nope/.*', path: '/x' }],
  ])('counts a rule as %s', (outcome, rule) => {
    const r = ingestLearnedRules(groups, [rule], LATER);
    expect(r.counts[outcome as keyof typeof r.counts]).toBe(1);
    expect(r.updated.size).toBe(outcome === 'added' ? 1 : 0);
  });

  it('adds each new app once, sorted, and is idempotent on re-delivery', () => {
    const rules = [
      { group: 'web', filter: '/data/.*', path: '/usr/bin/vi' },
      { group: 'web', filter: '/data/.*', path: '/usr/bin/vi' },
      { group: 'web', filter: '/data/.*', path: '/a/sh' },
    ];
    const first = ingestLearnedRules(groups, rules, LATER);
    const updated = first.updated.get('web');
    expect(updated?.accessRule.filters['/data/.*']).toMatchObject({ apps: ['/a/sh', '/bin/cat', '/usr/bin/vi'], updatedAt: LATER });
    expect(first.counts).toMatchObject({ added: 2, 'already-allowed': 1 });
    const again = ingestLearnedRules(new Map([...groups, ['web', updated ?? null]]), rules, LATER);
    expect(again.updated.size).toBe(0);
    expect(again.counts['already-allowed']).toBe(3);
  });
});
