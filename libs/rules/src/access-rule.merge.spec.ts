import type { FileAccessFilterRule, FileAccessRule } from '@fsmon/contracts';
import { accessRuleFor, mergeAccessRules } from './access-rule.merge';

const rule = (apps: string[], over: Partial<FileAccessFilterRule> = {}): FileAccessFilterRule => ({
  apps,
  behavior: 'monitor_change',
  customerAdd: false,
  createdAt: '2024-01-02T00:00:00Z',
  updatedAt: '2024-01-02T00:00:00Z',
  failMode: 'open',
  ...over,
});

const access = (group: string, filters: Record<string, FileAccessFilterRule>, filtersCRD: Record<string, FileAccessFilterRule> = {}): FileAccessRule => ({
  group,
  filters,
  filtersCRD,
});

describe(mergeAccessRules.name, () => {
  it('is undefined when the container has no rules at all', () => {
    expect(mergeAccessRules([])).toBeUndefined();
  });

  it('merges per key: union of apps sorted, block wins, customerAdd forced on a collision', () => {
    const merged = mergeAccessRules([
      access('g1', { '/data/.*': rule(['/usr/bin/vi', 'cat']) }),
      access('g2', { '/data/.*': rule(['cat', 'awk'], { behavior: 'block_access' }), '/etc/passwd/': rule(['b', 'a']) }),
    ]);
    expect(merged?.filters.get('/data/.*')).toEqual(rule(['/usr/bin/vi', 'awk', 'cat'], { behavior: 'block_access', customerAdd: true }));
    expect(merged?.filters.get('/etc/passwd/')).toEqual(rule(['a', 'b']));
  });

  it('keeps the earliest creation, the latest update and the stricter fail mode', () => {
    const merged = mergeAccessRules([
      access('g1', { k: rule([], { createdAt: '2024-03-01T00:00:00+02:00', updatedAt: '2024-03-01T00:00:00Z' }) }),
      access('g2', { k: rule([], { createdAt: '2024-03-01T01:00:00+05:00', updatedAt: '2024-05-01T00:00:00Z', failMode: 'closed' }) }),
    ]);
    expect(merged?.filters.get('k')).toMatchObject({
      createdAt: '2024-03-01T01:00:00+05:00',
      updatedAt: '2024-05-01T00:00:00Z',
      failMode: 'closed',
    });
  });

  it('§8.7: keeps CRD rules, and accessRuleFor honours them together with the normal rules', () => {
    const merged = mergeAccessRules([
      access('g1', { '/data/.*': rule(['cat']) }, { '/data/.*': rule(['vi'], { behavior: 'block_access', customerAdd: true }) }),
      access('g2', {}, { '/crd/.*': rule(['less'], { behavior: 'block_access' }) }),
    ]);
    expect(accessRuleFor(merged, '/crd/.*')?.apps).toEqual(['less']);
    expect(accessRuleFor(merged, '/data/.*')).toMatchObject({ apps: ['cat', 'vi'], behavior: 'block_access' });
    expect(accessRuleFor(merged, '/nope/')).toBeUndefined();
    expect(accessRuleFor(undefined, '/data/.*')).toBeUndefined();
  });

  it('is safe with keys that name Object.prototype members', () => {
    const merged = mergeAccessRules([access('g', JSON.parse('{"__proto__": {"apps": ["x"], "behavior": "monitor_change", "customerAdd": false, "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z", "failMode": "open"}}'))]);
    expect(accessRuleFor(merged, '__proto__')?.apps).toEqual(['x']);
    expect(accessRuleFor(merged, 'constructor')).toBeUndefined();
  });
});
