import type { FileFilter } from '@fsmon/contracts';
import { filterToPattern } from './filter-pattern.format';

function monitored(path: string, regex = '', recursive = false): FileFilter {
  return { filter: filterToPattern({ path, regex }), path, regex, recursive, customerAdd: false, behavior: 'monitor_change', dgroup: '' };
}

/**
 * The seed's `ImportantFiles` (fsmon-behaviour §1.1): 21 predefined `monitor_change` filters
 * given to every learned group. The seed listing this project started from (fsmon v1.0.2, 2023)
 * has 20; NeuVector later added `/var/lib/rpm/Packages.db` (rpm's ndb backend, SUSE), which the
 * behaviour spec lists, so it is here too.
 * Kept as in the seed, quirks included: `/lib64` uses `ld-linux.*` where `/lib` has `ld-linux\..*`
 * (so `/lib/ld-linux-x86-64.so.2` is not covered by the `/lib` entry), and `/home/*\/.ssh/*` is
 * not recursive.
 */
export const DEFAULT_FILTERS: readonly FileFilter[] = Object.freeze([
  monitored('/var/lib/dpkg/status'),
  monitored('/var/lib/rpm/Packages'),
  monitored('/lib/apk/db/installed'),
  monitored('/var/lib/rpm/Packages\\.db'),
  monitored('/etc/hosts'),
  monitored('/etc/passwd'),
  monitored('/etc/shadow'),
  monitored('/etc/resolv\\.conf'),
  monitored('/home/.*/\\.ssh', '.*'),
  monitored('/lib', 'ld-linux\\..*', true),
  monitored('/lib', 'libc\\..*', true),
  monitored('/lib', 'libpthread.*', true),
  monitored('/lib64', 'ld-linux.*', true),
  monitored('/lib64', 'libc\\..*', true),
  monitored('/lib64', 'libpthread.*', true),
  monitored('/bin', '.*', true),
  monitored('/sbin', '.*', true),
  monitored('/usr/bin', '.*', true),
  monitored('/usr/sbin', '.*', true),
  monitored('/usr/local/bin', '.*', true),
  monitored('/usr/local/sbin', '.*', true),
]);

/**
 * The package databases the seed misses (§8.20), as predefined `monitor_change` filters outside the
 * seed's 21: rpm's sqlite backend (Fedora 33+, RHEL 9) and the ndb/bdb files in
 * `/usr/lib/sysimage/rpm` (Fedora 36+, openSUSE: there `/var/lib/rpm` is a symlink and the kernel
 * reports the target path; images without the symlink only have these), and distroless images'
 * per-package dpkg `status.d/<pkg>` files. Exactly the paths `isPackageDatabase` flags beyond the
 * seed's. Part of fsmon's built-in filter set (`BUILT_IN_FILTERS`); the policy app also offers them
 * for groups.
 */
export const ADDITIONAL_FILTERS: readonly FileFilter[] = Object.freeze([
  monitored('/var/lib/rpm/rpmdb\\.sqlite'),
  monitored('/usr/lib/sysimage/rpm/rpmdb\\.sqlite'),
  monitored('/usr/lib/sysimage/rpm/Packages'),
  monitored('/usr/lib/sysimage/rpm/Packages\\.db'),
  monitored('/var/lib/dpkg/status\\.d', '.*'),
]);

/**
 * fsmon's built-in filter set: the seed's 21 `DEFAULT_FILTERS`, then `ADDITIONAL_FILTERS`. A
 * product that reports package updates must see every package database, so what fsmon watches
 * when nothing else is configured (the collector's built-in profile) covers the sqlite and
 * status.d databases too. `DEFAULT_FILTERS` stays the seed's list (the seed API); like it, these
 * are predefined filters an admin may remove from a group.
 */
export const BUILT_IN_FILTERS: readonly FileFilter[] = Object.freeze([...DEFAULT_FILTERS, ...ADDITIONAL_FILTERS]);
