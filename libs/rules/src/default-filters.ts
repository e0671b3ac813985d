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
 * fsmon's additions, which the policy may offer but which are NOT in the default set (existing
 * groups keep the seed's defaults): package databases the seed misses (§8.20) — rpm's sqlite
 * backend, in its classic place and in `/usr/lib/sysimage/rpm` (Fedora 36+, openSUSE, where
 * `/var/lib/rpm` is a symlink and the kernel reports the target path) — and distroless images'
 * per-package dpkg status files.
 */
export const ADDITIONAL_FILTERS: readonly FileFilter[] = Object.freeze([
  monitored('/var/lib/rpm/rpmdb\\.sqlite'),
  monitored('/usr/lib/sysimage/rpm/rpmdb\\.sqlite'),
  monitored('/var/lib/dpkg/status\\.d', '.*'),
]);
