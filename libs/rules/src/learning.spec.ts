import type { FileAccessFilterRule, FileFilter } from '@fsmon/contracts';
import { mergeAccessRules } from './access-rule.merge';
import { learnableFilters, learnFromAccess } from './learning';

const f = (over: Partial<FileFilter>): FileFilter => ({
  filter: '',
  path: '/data',
  regex: '.*',
  recursive: false,
  customerAdd: true,
  behavior: 'block_access',
  dgroup: 'g1',
  ...over,
});
const rule = (apps: string[], customerAdd = true): FileAccessFilterRule => ({
  apps,
  behavior: 'block_access',
  customerAdd,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  failMode: 'open',
});

const resolv = f({ path: '/etc/resolv\\.conf', regex: '' });
const dataDir = f({});
const predefined = f({ path: '/bin', customerAdd: false });
const confs = f({ path: '/srv', regex: '.*\\.conf', recursive: true, dgroup: 'g2' });

describe(learnableFilters.name, () => {
  it.each<[string, string, string[]]>([
    ['§8.12: a single file with a dot in its name learns', '/etc/resolv.conf', ['/etc/resolv\\.conf/']],
    ['a directory filter', '/data/x', ['/data/.*']],
    ['§8.12: the regex applies from the base, not from any directory', '/other/place/x.conf', []],
    ['recursive filters cover names below their base', '/srv/a/b/app.conf', ['/srv/.*\\.conf']],
    ['predefined filters never learn', '/bin/ls', []],
  ])('%s', (_, path, keys) => {
    expect(learnableFilters([resolv, dataDir, predefined, confs], path).map((t) => t.key)).toEqual(keys);
  });

  it('lists a key once and says which group owns it', () => {
    expect(learnableFilters([dataDir, { ...dataDir, dgroup: 'g9' }], '/data/x')).toEqual([{ key: '/data/.*', group: 'g1' }]);
  });
});

describe(learnFromAccess.name, () => {
  const rules = mergeAccessRules([
    {
      group: 'g1',
      filters: { '/data/.*': rule(['cat']), '/srv/.*\\.conf': rule([]), '/etc/resolv\\.conf/': rule([], false) },
      filtersCRD: {},
    },
  ]);
  const vi = { exePath: '/usr/bin/vi', name: 'vi' };

  it.each<[string, string, { exePath: string; name: string }, { group: string; filter: string; path: string }[]]>([
    ['a new app on a customer rule is learned', '/data/x', vi, [{ group: 'g1', filter: '/data/.*', path: '/usr/bin/vi' }]],
    ['an already allowed app is not', '/data/x', { exePath: '/bin/cat', name: 'cat' }, []],
    ['the owning group is used', '/srv/app.conf', vi, [{ group: 'g2', filter: '/srv/.*\\.conf', path: '/usr/bin/vi' }]],
    ['no rule entry for the filter → nothing', '/etc/resolv.conf', vi, []],
    ['no exe path → nothing', '/data/x', { exePath: '', name: 'vi' }, []],
    ['uncovered path → nothing', '/tmp/x', vi, []],
  ])('%s', (_, path, proc, expected) => {
    expect(learnFromAccess({ filters: [resolv, dataDir, confs], rules, path, proc })).toEqual(expected);
  });

  it('learns nothing when the container has no rules', () => {
    expect(learnFromAccess({ filters: [dataDir], rules: undefined, path: '/data/x', proc: vi })).toEqual([]);
  });
});
