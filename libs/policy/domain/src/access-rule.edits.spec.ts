import { setAccess } from './access-rule.edits';
import { group, LATER, NOW } from '../test/groups.fixture';

describe(setAccess.name, () => {
  it('sets sorted, unique apps and the fail mode', () => {
    const r = setAccess(group('web', { pattern: '/data/*' }), '/data/.*', { apps: ['vi', '/bin/cat', 'vi'], failMode: 'closed' }, LATER);
    expect(r.ok && r.value.accessRule.filters['/data/.*']).toMatchObject({ apps: ['/bin/cat', 'vi'], failMode: 'closed', createdAt: NOW, updatedAt: LATER });
  });

  it('leaves the group untouched when nothing changes', () => {
    const g = group('web', { pattern: '/data/*', apps: ['a'] });
    const r = setAccess(g, '/data/.*', { apps: ['a'] }, LATER);
    expect(r.ok && r.value).toBe(g);
  });

  it('has no rule for predefined filters, and refuses bad apps', () => {
    const pre = setAccess(group(), '/etc/passwd/', { apps: ['x'] }, LATER);
    expect(!pre.ok && [pre.problem.code, pre.problem.reason]).toEqual(['NOT_FOUND', 'ACCESS_RULE_NOT_FOUND']);
    const proto = setAccess(group(), '__proto__', { apps: [] }, LATER);
    expect(!proto.ok && proto.problem.code).toBe('NOT_FOUND');
    const bad = setAccess(group('web', { pattern: '/d/*' }), '/d/.*', { apps: ['ok', ''] }, LATER);
    expect(!bad.ok && bad.problem.reason).toBe('APP_INVALID');
    const many = setAccess(group('web', { pattern: '/d/*' }), '/d/.*', { apps: Array.from({ length: 1025 }, (_, i) => `app${i}`) }, LATER);
    expect(!many.ok && many.problem.reason).toBe('APPS_TOO_MANY');
  });
});
