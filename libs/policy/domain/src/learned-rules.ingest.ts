import { filterKey, type GroupPolicy, type LearnedRule } from '@fsmon/contracts';
import { isHostGroup } from '@fsmon/rules';
import { MAX_APPS } from './filter-input';

/** What became of one learned rule. Everything but `added` leaves the policy as it was. */
export type LearnOutcome =
  | 'added'
  | 'already-allowed'
  | 'unknown-group'
  | 'host-group'
  | 'not-discover'
  | 'crd-filter'
  | 'predefined-filter'
  | 'unknown-filter'
  | 'no-access-rule'
  | 'apps-full';

export const LEARN_OUTCOMES: readonly LearnOutcome[] = [
  'added',
  'already-allowed',
  'unknown-group',
  'host-group',
  'not-discover',
  'crd-filter',
  'predefined-filter',
  'unknown-filter',
  'no-access-rule',
  'apps-full',
];

export interface LearnResult {
  /** The groups that gained apps, in their new form (unstamped). */
  readonly updated: ReadonlyMap<string, GroupPolicy>;
  readonly counts: Readonly<Record<LearnOutcome, number>>;
}

/**
 * Applies learned rules as the seed's controller does (fsmon-behaviour §5): a rule is taken only
 * for an existing group in Discover mode (never the host group) and a customer-added, non-CRD
 * filter key that has an access-rule entry; its exe path is then added to that entry's apps
 * (sorted, no duplicates). Idempotent: a rule already allowed changes nothing, so a re-delivered
 * batch yields no update. `groups` holds the current groups by name (missing ones as null).
 */
export function ingestLearnedRules(groups: ReadonlyMap<string, GroupPolicy | null>, rules: readonly LearnedRule[], now: string): LearnResult {
  const counts = Object.fromEntries(LEARN_OUTCOMES.map((o) => [o, 0])) as Record<LearnOutcome, number>;
  const working = new Map<string, GroupPolicy>();
  for (const rule of rules) {
    const group = working.get(rule.group) ?? groups.get(rule.group) ?? null;
    const outcome = learnOne(group, rule, now);
    counts[outcome.kind]++;
    if (outcome.kind === 'added') working.set(rule.group, outcome.group);
  }
  return { updated: working, counts };
}

type One = { kind: 'added'; group: GroupPolicy } | { kind: Exclude<LearnOutcome, 'added'> };

function learnOne(group: GroupPolicy | null, rule: LearnedRule, now: string): One {
  if (!group) return { kind: 'unknown-group' };
  if (isHostGroup(group.name)) return { kind: 'host-group' };
  if (group.profile.mode !== 'Discover') return { kind: 'not-discover' };
  const filter = group.profile.filters.find((f) => filterKey(f) === rule.filter);
  if (!filter) return { kind: group.profile.filtersCRD.some((f) => filterKey(f) === rule.filter) ? 'crd-filter' : 'unknown-filter' };
  if (!filter.customerAdd) return { kind: 'predefined-filter' };
  const entry = Object.hasOwn(group.accessRule.filters, rule.filter) ? group.accessRule.filters[rule.filter] : undefined;
  if (!entry) return { kind: 'no-access-rule' };
  if (entry.apps.includes(rule.path)) return { kind: 'already-allowed' };
  if (entry.apps.length >= MAX_APPS) return { kind: 'apps-full' };
  const apps = [...entry.apps, rule.path].sort();
  const filters = { ...group.accessRule.filters, [rule.filter]: { ...entry, apps, updatedAt: now } };
  return { kind: 'added', group: { ...group, accessRule: { ...group.accessRule, filters } } };
}
