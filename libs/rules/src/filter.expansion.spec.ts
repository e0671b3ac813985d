import type { FileFilter } from '@fsmon/contracts';
import { ancestorsOf, baseDirectory, filtersWatching, shouldDescend } from './filter.expansion';
import { parseFilterPattern } from './filter-pattern.parser';
import { DEFAULT_FILTERS } from './default-filters';

function pattern(p: string, recursive = false): FileFilter {
  const r = parseFilterPattern(p, { recursive, behavior: 'monitor_change', customerAdd: true });
  if (!r.ok) throw r.error;
  return r.value;
}

describe(baseDirectory.name, () => {
  it.each([
    ['/usr/bin/*', '/usr/bin'],
    ['/etc/passwd', '/etc'],
    ['/etc/resolv.conf', '/etc'],
    ['/home/*/.ssh/*', '/home'],
    ['/home/*/.bashrc', '/home'],
    ['/*/x/*', '/'],
    ['/data/app/*', '/data/app'],
    ['/data/a*b/c', '/data'],
  ])('%s → %s', (p, base) => {
    expect(baseDirectory(pattern(p))).toBe(base);
  });

  it('is undefined for a filter that does not validate', () => {
    expect(baseDirectory({ ...pattern('/data/*'), path: 'data' })).toBeUndefined();
  });
});

describe(ancestorsOf.name, () => {
  it.each([
    ['/var/lib/dpkg', ['/', '/var', '/var/lib']],
    ['/usr/bin', ['/', '/usr']],
    ['/etc', ['/']],
    ['/', []],
  ])('%s → %j', (dir, expected) => {
    expect(ancestorsOf(dir)).toEqual(expected);
  });
});

describe(shouldDescend.name, () => {
  it.each([
    // §8.1: ancestors of a base are entered, so /usr/bin and /var/lib/dpkg are reached
    ['/', true],
    ['/usr', true],
    ['/usr/local', true],
    ['/usr/local/bin', true],
    ['/var', true],
    ['/var/lib', true],
    ['/var/lib/dpkg', true],
    ['/var/lib/rpm', true],
    // inside recursive bases
    ['/usr/bin/subdir/deeper', true],
    ['/lib/x86_64-linux-gnu', true],
    // §8.2: wildcard segments are respected
    ['/home', true],
    ['/home/ann', true],
    ['/home/ann/.ssh', true],
    ['/home/ann/.ssh/sub', false],
    ['/home/ann/docs', false],
    // unrelated or beside the bases
    ['/proc', false],
    ['/var/log', false],
    ['/var/lib/dpkg/info', false],
    ['/usr/share', false],
    ['/etc', true],
    ['/etc/ssl', false],
  ])('with the default filters, %s → %s', (dir, expected) => {
    expect(shouldDescend(dir, DEFAULT_FILTERS)).toBe(expected);
  });

  it('follows user bases below the top level (§8.1: /data/app failed in the seed)', () => {
    const filters = [pattern('/data/app/*', true)];
    expect(['/data', '/data/app', '/data/app/x'].map((d) => shouldDescend(d, filters))).toEqual([true, true, true]);
    expect(shouldDescend('/datastore', filters)).toBe(false);
  });

  it('refuses relative directories and skips filters that do not validate', () => {
    expect(shouldDescend('usr', DEFAULT_FILTERS)).toBe(false);
    expect(shouldDescend('/data', [{ ...pattern('/data/*'), regex: '[x]' }])).toBe(false);
  });
});

describe(filtersWatching.name, () => {
  const ssh = pattern('/home/*/.ssh/*');
  const bins = pattern('/usr/bin/*', true);
  const passwd = pattern('/etc/passwd');

  it.each([
    ['/home/ann/.ssh', [ssh]],
    ['/home/ann', []],
    ['/home/ann/.ssh/sub', []],
    ['/usr/bin', [bins]],
    ['/usr/bin/x', [bins]],
    ['/usr', []],
    ['/etc', [passwd]],
    ['/', []],
  ])('%s → filters watching it', (dir, expected) => {
    expect(filtersWatching(dir, [ssh, bins, passwd])).toEqual(expected);
  });
});
