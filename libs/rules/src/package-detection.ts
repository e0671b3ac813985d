import { baseName } from './path-segments';

const PACKAGE_DATABASES = new Set([
  '/var/lib/dpkg/status',
  '/var/lib/rpm/Packages',
  '/var/lib/rpm/Packages.db',
  '/var/lib/rpm/rpmdb.sqlite',
  '/usr/lib/sysimage/rpm/Packages',
  '/usr/lib/sysimage/rpm/Packages.db',
  '/usr/lib/sysimage/rpm/rpmdb.sqlite',
  '/lib/apk/db/installed',
]);

const DPKG_STATUS_D = '/var/lib/dpkg/status.d/';

const PACKAGE_MANAGERS = new Set(['dpkg', 'apt', 'apt-get', 'yum', 'dnf', 'rpm', 'apk', 'zypper']);

/**
 * Whether a container-relative path is a package database (fsmon-behaviour §4.8): dpkg `status`
 * and distroless `status.d/<pkg>` files, rpm `Packages`, `Packages.db` and `rpmdb.sqlite` (also
 * under `/usr/lib/sysimage/rpm`), apk `installed`. The seed lacks sqlite and status.d (§8.20).
 */
export function isPackageDatabase(path: string): boolean {
  if (PACKAGE_DATABASES.has(path)) return true;
  if (!path.startsWith(DPKG_STATUS_D)) return false;
  const name = path.slice(DPKG_STATUS_D.length);
  return name !== '' && !name.includes('/');
}

/**
 * Whether a process is a package manager (dpkg, apt, apt-get, yum, dnf, rpm, apk, zypper), by
 * its name or the base name of its executable.
 */
export function isPackageManager(procName: string, exePath: string): boolean {
  return PACKAGE_MANAGERS.has(procName) || (exePath !== '' && PACKAGE_MANAGERS.has(baseName(exePath)));
}
