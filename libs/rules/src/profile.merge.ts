import type { FileFilter, FileMonitorProfile, PolicyMode } from '@fsmon/contracts';
import { filterKey } from '@fsmon/contracts';

/** One container's configuration merged from all the groups it belongs to. */
export interface MergedProfile {
  readonly mode: PolicyMode;
  /** The member groups, in the order given. */
  readonly groups: readonly string[];
  readonly filters: readonly FileFilter[];
  readonly filtersCRD: readonly FileFilter[];
  /** `filtersCRD` then `filters`: the order group estimation walks (CRD attribution first). */
  readonly all: readonly FileFilter[];
}

const STRICTNESS: Record<PolicyMode, number> = { Discover: 0, Monitor: 1, Protect: 2 };

/**
 * The strictest of the member groups' modes: Protect > Monitor > Discover; Discover when there
 * are none (the seed's default for an empty mode). Chosen so that joining a group can only
 * tighten a container: a Protect group's block rules are enforced even if the container's
 * learned group still discovers. (NeuVector takes the mode of the service group alone.)
 */
export function strictestMode(modes: readonly PolicyMode[]): PolicyMode {
  return modes.reduce<PolicyMode>((m, x) => (STRICTNESS[x] > STRICTNESS[m] ? x : m), 'Discover');
}

/**
 * Merges the profiles of a container's groups (fsmon-behaviour §1.3). `filters` and `filtersCRD`
 * are each concatenated across groups and de-duplicated by filter key (`path/regex`); on a
 * collision block_access beats monitor_change, recursive beats non-recursive, customer-added
 * beats predefined, and the first filter's `dgroup` and display pattern are kept. A filter with
 * an empty `dgroup` gets its profile's group, so attribution and learning know the owning group
 * when a container has several. Each list is sorted by `filter`, then `path`, then `regex`.
 * Unlike the seed (which keyed non-recursive filters by `path` alone) two filters on the same
 * directory with different regexes both stay; CRD filters are kept and honoured (§8.6, §8.7).
 */
export function mergeProfiles(profiles: readonly FileMonitorProfile[]): MergedProfile {
  const filters = mergeFilterLists(profiles.map((p) => ({ group: p.group, list: p.filters })));
  const filtersCRD = mergeFilterLists(profiles.map((p) => ({ group: p.group, list: p.filtersCRD })));
  return {
    mode: strictestMode(profiles.map((p) => p.mode)),
    groups: profiles.map((p) => p.group),
    filters,
    filtersCRD,
    all: [...filtersCRD, ...filters],
  };
}

function mergeFilterLists(lists: readonly { group: string; list: readonly FileFilter[] }[]): FileFilter[] {
  const byKey = new Map<string, FileFilter>();
  for (const { group, list } of lists) {
    for (const f of list) {
      const owned = f.dgroup === '' ? { ...f, dgroup: group } : f;
      const key = filterKey(f);
      const prev = byKey.get(key);
      byKey.set(key, prev ? combine(prev, owned) : owned);
    }
  }
  return [...byKey.values()].sort((a, b) => compare(a.filter, b.filter) || compare(a.path, b.path) || compare(a.regex, b.regex));
}

function combine(a: FileFilter, b: FileFilter): FileFilter {
  return {
    ...a,
    behavior: a.behavior === 'block_access' || b.behavior === 'block_access' ? 'block_access' : 'monitor_change',
    recursive: a.recursive || b.recursive,
    customerAdd: a.customerAdd || b.customerAdd,
  };
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
