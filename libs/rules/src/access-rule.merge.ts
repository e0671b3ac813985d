import type { FileAccessFilterRule, FileAccessRule } from '@fsmon/contracts';

/**
 * A container's access rules merged from all its groups: filter key → rule, the CRD rules kept
 * apart as in the wire format. A container with no access rule at all has `undefined` instead.
 */
export interface MergedAccessRules {
  readonly filters: ReadonlyMap<string, FileAccessFilterRule>;
  readonly filtersCRD: ReadonlyMap<string, FileAccessFilterRule>;
}

/**
 * Merges per key (fsmon-behaviour §1.3): the union of apps, sorted; block_access wins;
 * `customerAdd` becomes true when a key collides (seed behaviour); the earliest `createdAt` and
 * latest `updatedAt`; fail mode `closed` wins. `undefined` when `rules` is empty, which
 * `checkAccess` treats as "the container has no rules" (its fail mode decides).
 */
export function mergeAccessRules(rules: readonly FileAccessRule[]): MergedAccessRules | undefined {
  if (rules.length === 0) return undefined;
  return {
    filters: mergeMaps(rules.map((r) => r.filters)),
    filtersCRD: mergeMaps(rules.map((r) => r.filtersCRD)),
  };
}

/**
 * The rule for a filter key, from the normal and the CRD rules together: unlike the seed, which
 * never loaded CRD rules (§8.7), a CRD filter's allowed apps are honoured.
 */
export function accessRuleFor(rules: MergedAccessRules | undefined, key: string): FileAccessFilterRule | undefined {
  if (!rules) return undefined;
  const a = rules.filters.get(key);
  const b = rules.filtersCRD.get(key);
  if (a && b) return combineRules(a, b);
  return a ?? b;
}

/** Combines two rules for the same key, as `mergeAccessRules` does. */
export function combineRules(a: FileAccessFilterRule, b: FileAccessFilterRule): FileAccessFilterRule {
  return {
    apps: [...new Set([...a.apps, ...b.apps])].sort(),
    behavior: a.behavior === 'block_access' || b.behavior === 'block_access' ? 'block_access' : 'monitor_change',
    customerAdd: true,
    createdAt: Date.parse(b.createdAt) < Date.parse(a.createdAt) ? b.createdAt : a.createdAt,
    updatedAt: Date.parse(b.updatedAt) > Date.parse(a.updatedAt) ? b.updatedAt : a.updatedAt,
    failMode: a.failMode === 'closed' || b.failMode === 'closed' ? 'closed' : 'open',
  };
}

function mergeMaps(maps: readonly Record<string, FileAccessFilterRule>[]): Map<string, FileAccessFilterRule> {
  const out = new Map<string, FileAccessFilterRule>();
  for (const map of maps) {
    for (const [key, rule] of Object.entries(map)) {
      const prev = out.get(key);
      out.set(key, prev ? combineRules(prev, rule) : { ...rule, apps: [...new Set(rule.apps)].sort() });
    }
  }
  return out;
}
