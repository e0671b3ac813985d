import { PermissionTable } from '@fsmon/ffi';
import { type PermissionRule, compilePermissionTable } from './permission-table';

const rules: PermissionRule[] = [
  { id: 'passwd', path: '/etc/passwd', match: 'file', allow: ['ps', '/usr/bin/id'], otherwise: 'deny' },
  { id: 'keys', mntns: 4026531840, path: '/etc/ssl', match: 'children', name: '*.key', allow: '*', otherwise: 'deny', fail: 'deny' },
  { id: 'ssl', path: '/etc/ssl', match: 'children', allow: [], otherwise: 'ask' },
  { id: 'passwd-again', path: '/etc/passwd', match: 'file', allow: [], otherwise: 'allow' },
];

describe(compilePermissionTable.name, () => {
  it('builds per-namespace exact and children entries, first rule winning', () => {
    const data = compilePermissionTable(rules, 'allow');
    expect(data.spaces).toEqual({
      '*': { exact: { '/etc/passwd': 0 }, dirs: { '/etc/ssl': [[null, 2]] } },
      '4026531840': { exact: {}, dirs: { '/etc/ssl': [['*.key', 1]] } },
    });
    expect(data.rules.map((r) => [r.id, r.apps, r.otherwise, r.fail])).toEqual([
      ['passwd', ['ps', '/usr/bin/id'], 2, 1],
      ['keys', '*', 2, 2],
      ['ssl', [], 3, 1],
      ['passwd-again', [], 1, 1],
    ]);
  });

  it('yields a table the worker matches as documented', () => {
    const table = new PermissionTable(compilePermissionTable(rules, 'deny'));
    expect(table.mayMatch('/etc/hosts')).toBe(false);
    expect(table.find('/etc/passwd', null)).toBe(0);
    expect(table.find('/etc/ssl/a.key', '4026531840')).toBe(1);
    expect(table.find('/etc/ssl/a.key', '1')).toBe(2);
    expect(table.find('/etc/ssl/sub/a.key', '4026531840')).toBe(-1);
    expect(table.allows(0, '/bin/ps', 'x')).toBe(true);
    expect(table.allows(0, '/usr/bin/id', null)).toBe(true);
    expect(table.allows(0, '/usr/bin/cat', 'ps')).toBe(true);
    expect(table.allows(0, '/usr/bin/cat', 'cat')).toBe(false);
  });

  it.each<[string, Partial<PermissionRule>]>([
    ['relative paths', { path: 'etc/passwd' }],
    ['trailing slashes', { path: '/etc/' }],
    ['unnormalised paths', { path: '/etc/../passwd' }],
    ['names on file rules', { name: 'x' }],
    ['names with a slash', { match: 'children', name: 'a/b' }],
    ['bad allow lists', { allow: [''] }],
    ['bad otherwise', { otherwise: 'maybe' as 'deny' }],
    ['bad namespaces', { mntns: -1 }],
  ])('rejects %s', (_name, patch) => {
    const rule = { ...rules[0], ...patch } as PermissionRule;
    expect(() => compilePermissionTable([rule], 'allow')).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});
