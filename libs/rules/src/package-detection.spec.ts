import { isPackageDatabase, isPackageManager } from './package-detection';

describe(isPackageDatabase.name, () => {
  it.each([
    ['/var/lib/dpkg/status', true],
    ['/var/lib/rpm/Packages', true],
    ['/var/lib/rpm/Packages.db', true],
    ['/lib/apk/db/installed', true],
    // §8.20: the seed missed these
    ['/var/lib/rpm/rpmdb.sqlite', true],
    ['/usr/lib/sysimage/rpm/rpmdb.sqlite', true],
    ['/var/lib/dpkg/status.d/base-files', true],
    ['/var/lib/dpkg/status.d/libc6.md5sums', true],
    ['/var/lib/dpkg/status.d/', false],
    ['/var/lib/dpkg/status.d/a/b', false],
    ['/var/lib/dpkg/status-old', false],
    ['/var/lib/dpkg/status.dX/a', false],
    ['/var/lib/rpm/Packages.db-journal', false],
    ['/etc/passwd', false],
  ])('%s → %s', (path, expected) => {
    expect(isPackageDatabase(path)).toBe(expected);
  });
});

describe(isPackageManager.name, () => {
  it.each([
    ['dpkg', '/usr/bin/dpkg', true],
    ['apt', '/usr/bin/apt', true],
    ['apt-get', '/usr/bin/apt-get', true],
    ['yum', '', true],
    ['dnf', '/usr/bin/dnf-3', true],
    ['python3', '/usr/bin/dnf', true],
    ['rpm', '/usr/bin/rpm', true],
    ['apk', '/sbin/apk', true],
    ['zypper', '/usr/bin/zypper', true],
    ['bash', '/bin/bash', false],
    ['aptitude', '/usr/bin/aptitude', false],
    ['', '', false],
  ])('%s (%s) → %s', (name, exe, expected) => {
    expect(isPackageManager(name, exe)).toBe(expected);
  });
});
