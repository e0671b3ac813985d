import { BUILT_IN_FILTERS } from '@fsmon/rules';
import { replaceProfile } from './profile.edits';
import { group, LATER, NOW } from '../test/groups.fixture';

describe(replaceProfile.name, () => {
  const start = () => group('web', { pattern: '/data/*', apps: ['cat'] }, { pattern: '/old/file' });

  it('replaces the customer filters, keeps predefined ones and the apps of kept keys', () => {
    const r = replaceProfile(start(), { mode: 'Protect', filters: [{ pattern: '/data/*', behavior: 'block_access' }, { pattern: '/new/*.key' }] }, LATER);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.profile.mode).toBe('Protect');
    expect(r.value.profile.filters.filter((f) => !f.customerAdd)).toEqual(BUILT_IN_FILTERS);
    expect(r.value.profile.filters.filter((f) => f.customerAdd).map((f) => f.filter)).toEqual(['/data/*', '/new/*.key']);
    expect(r.value.accessRule.filters).toEqual({
      '/data/.*': { apps: ['cat'], behavior: 'block_access', customerAdd: true, createdAt: NOW, updatedAt: LATER, failMode: 'open' },
      '/new/.*\\.key': { apps: [], behavior: 'monitor_change', customerAdd: true, createdAt: LATER, updatedAt: LATER, failMode: 'open' },
    });
  });

  it('names the index of a bad entry, and refuses duplicates and predefined keys', () => {
    const bad = replaceProfile(start(), { filters: [{ pattern: '/ok' }, { pattern: '/x/../y' }] }, LATER);
    expect(!bad.ok && [bad.problem.reason, bad.problem.details]).toEqual(['PATTERN_DOTDOT', { field: 'filters[1].pattern' }]);
    const dup = replaceProfile(start(), { filters: [{ pattern: '/a/*' }, { pattern: '/a/*' }] }, LATER);
    expect(!dup.ok && dup.problem.reason).toBe('FILTER_EXISTS');
    const pre = replaceProfile(start(), { filters: [{ pattern: '/etc/hosts' }] }, LATER);
    expect(!pre.ok && pre.problem.code).toBe('CONFLICT');
  });
});
