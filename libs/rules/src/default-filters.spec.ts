import { FileFilter } from '@fsmon/contracts';
import { ADDITIONAL_FILTERS, BUILT_IN_FILTERS, DEFAULT_FILTERS } from './default-filters';
import { validateFilters } from './filter.validation';
import { parseFilterPattern } from './filter-pattern.parser';
import { isPackageDatabase } from './package-detection';
import { filterCovers } from './filter.matcher';

describe('DEFAULT_FILTERS', () => {
  it('holds the 21 ImportantFiles: the seed v1.0.2 list (20) plus /var/lib/rpm/Packages.db', () => {
    expect(DEFAULT_FILTERS).toHaveLength(21);
    expect(DEFAULT_FILTERS.map((f) => [f.path, f.regex, f.recursive])).toEqual([
      ['/var/lib/dpkg/status', '', false],
      ['/var/lib/rpm/Packages', '', false],
      ['/lib/apk/db/installed', '', false],
      ['/var/lib/rpm/Packages\\.db', '', false],
      ['/etc/hosts', '', false],
      ['/etc/passwd', '', false],
      ['/etc/shadow', '', false],
      ['/etc/resolv\\.conf', '', false],
      ['/home/.*/\\.ssh', '.*', false],
      ['/lib', 'ld-linux\\..*', true],
      ['/lib', 'libc\\..*', true],
      ['/lib', 'libpthread.*', true],
      ['/lib64', 'ld-linux.*', true],
      ['/lib64', 'libc\\..*', true],
      ['/lib64', 'libpthread.*', true],
      ['/bin', '.*', true],
      ['/sbin', '.*', true],
      ['/usr/bin', '.*', true],
      ['/usr/sbin', '.*', true],
      ['/usr/local/bin', '.*', true],
      ['/usr/local/sbin', '.*', true],
    ]);
  });

  it('are predefined monitor_change filters that all validate and parse back from their display pattern', () => {
    expect(validateFilters(DEFAULT_FILTERS).rejected).toEqual([]);
    for (const f of DEFAULT_FILTERS) {
      expect(f).toMatchObject({ behavior: 'monitor_change', customerAdd: false, dgroup: '' });
      const r = parseFilterPattern(f.filter, { recursive: f.recursive, behavior: f.behavior, customerAdd: false });
      expect(r).toEqual({ ok: true, value: f });
    }
  });

  it('cannot be changed by a consumer', () => {
    expect(() => (DEFAULT_FILTERS as FileFilter[]).push(DEFAULT_FILTERS[0])).toThrow();
  });
});

describe('ADDITIONAL_FILTERS', () => {
  it('§8.20: the package databases the seed misses (rpm sqlite and sysimage, dpkg status.d), none in the defaults', () => {
    expect(ADDITIONAL_FILTERS.map((f) => f.filter)).toEqual([
      '/var/lib/rpm/rpmdb.sqlite',
      '/usr/lib/sysimage/rpm/rpmdb.sqlite',
      '/usr/lib/sysimage/rpm/Packages',
      '/usr/lib/sysimage/rpm/Packages.db',
      '/var/lib/dpkg/status.d/*',
    ]);
    const defaultKeys = new Set(DEFAULT_FILTERS.map((f) => f.filter));
    expect(ADDITIONAL_FILTERS.some((f) => defaultKeys.has(f.filter))).toBe(false);
    expect(validateFilters(ADDITIONAL_FILTERS).rejected).toEqual([]);
  });

  it.each([
    ['/var/lib/rpm/rpmdb.sqlite', true],
    ['/usr/lib/sysimage/rpm/rpmdb.sqlite', true],
    ['/usr/lib/sysimage/rpm/Packages', true],
    ['/usr/lib/sysimage/rpm/Packages.db', true],
    ['/var/lib/dpkg/status.d/libc6', true],
    ['/var/lib/dpkg/status.d/libc6.md5sums', true],
    ['/var/lib/rpm/rpmdb.sqlite-shm', false],
    ['/var/lib/dpkg/status.d/sub/x', false],
  ])('covers %s: %s, exactly as isPackageDatabase flags it', (path, covered) => {
    expect(ADDITIONAL_FILTERS.some((f) => filterCovers(f, path))).toBe(covered);
    expect(isPackageDatabase(path)).toBe(covered);
  });
});

describe('BUILT_IN_FILTERS', () => {
  it('§8.20: the seed 21 unchanged, then the additional package databases, so every package database is watched by default', () => {
    expect(BUILT_IN_FILTERS.slice(0, 21)).toEqual(DEFAULT_FILTERS);
    expect(BUILT_IN_FILTERS.slice(21)).toEqual(ADDITIONAL_FILTERS);
    expect(validateFilters(BUILT_IN_FILTERS).rejected).toEqual([]);
    for (const path of ['/var/lib/dpkg/status', '/var/lib/rpm/Packages', '/var/lib/rpm/Packages.db', '/lib/apk/db/installed', '/var/lib/rpm/rpmdb.sqlite', '/var/lib/dpkg/status.d/base-files']) {
      expect(BUILT_IN_FILTERS.some((f) => filterCovers(f, path))).toBe(true);
    }
    expect(() => (BUILT_IN_FILTERS as FileFilter[]).push(DEFAULT_FILTERS[0])).toThrow();
  });
});
