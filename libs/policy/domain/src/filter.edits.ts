import { type FileAccessFilterRule, type FileFilter, filterKey, type FilterBehavior, type GroupPolicy } from '@fsmon/contracts';
import { isHostGroup } from '@fsmon/rules';
import { accessEntry, customerFilter, type FilterInput, normalizeApps } from './filter-input';
import { failure, type Outcome, PolicyProblem, success } from './policy-problem';

/** Most filters per profile list (the wire contract's bound). */
export const MAX_FILTERS = 1024;

/**
 * Adds a customer filter and its access-rule entry (apps, behavior). Refused: a pattern the parser
 * refuses (400, its code), a key the group already has (409 FILTER_EXISTS, predefined or not),
 * block_access or apps on the host group (it is never blocked and has no access rules).
 */
export function addFilter(group: GroupPolicy, input: FilterInput, now: string): Outcome<GroupPolicy> {
  const parsed = customerFilter(input);
  if (!parsed.ok) return parsed;
  const filter = parsed.value;
  const key = filterKey(filter);
  const existing = [...group.profile.filters, ...group.profile.filtersCRD].find((f) => filterKey(f) === key);
  if (existing) {
    const kind = existing.customerAdd ? 'customer' : 'predefined';
    return failure(PolicyProblem.conflict('FILTER_EXISTS', `group "${group.name}" already has a ${kind} filter with key "${key}"`, { key }));
  }
  if (group.profile.filters.length >= MAX_FILTERS) {
    return failure(PolicyProblem.invalid('FILTERS_TOO_MANY', `a profile holds at most ${MAX_FILTERS} filters`, { field: 'pattern' }));
  }
  const hostProblem = hostFilterProblem(group, filter.behavior, input.apps);
  if (hostProblem) return failure(hostProblem);
  const apps = normalizeApps(input.apps ?? []);
  if (!apps.ok) return apps;
  const rules = isHostGroup(group.name) ? group.accessRule.filters : { ...group.accessRule.filters, [key]: accessEntry(filter, apps.value, now, input.failMode) };
  return success({
    ...group,
    profile: { ...group.profile, filters: [...group.profile.filters, filter] },
    accessRule: { ...group.accessRule, filters: rules },
  });
}

export interface FilterChange {
  readonly recursive?: boolean;
  readonly behavior?: FilterBehavior;
}

/** Changes a customer filter's recursion or behavior (its rule's behavior follows). Predefined filters are fixed. */
export function updateFilter(group: GroupPolicy, key: string, change: FilterChange, now: string): Outcome<GroupPolicy> {
  const found = customerFilterAt(group, key);
  if (!found.ok) return found;
  const before = group.profile.filters[found.value];
  const filter: FileFilter = { ...before, recursive: change.recursive ?? before.recursive, behavior: change.behavior ?? before.behavior };
  const hostProblem = hostFilterProblem(group, filter.behavior, []);
  if (hostProblem) return failure(hostProblem);
  const filters = group.profile.filters.map((f, i) => (i === found.value ? filter : f));
  const rule = group.accessRule.filters[key];
  const rules = rule && rule.behavior !== filter.behavior ? { ...group.accessRule.filters, [key]: { ...rule, behavior: filter.behavior, updatedAt: now } } : group.accessRule.filters;
  return success({ ...group, profile: { ...group.profile, filters }, accessRule: { ...group.accessRule, filters: rules } });
}

/** Removes a customer filter and its access-rule entry. Predefined filters cannot be removed. */
export function removeFilter(group: GroupPolicy, key: string): Outcome<GroupPolicy> {
  const found = customerFilterAt(group, key);
  if (!found.ok) return found;
  const filters = group.profile.filters.filter((_, i) => i !== found.value);
  const rules: Record<string, FileAccessFilterRule> = { ...group.accessRule.filters };
  delete rules[key];
  return success({ ...group, profile: { ...group.profile, filters }, accessRule: { ...group.accessRule, filters: rules } });
}

/** The index of the customer filter with `key` in `profile.filters`, or NOT_FOUND / FILTER_PREDEFINED. */
export function customerFilterAt(group: GroupPolicy, key: string): Outcome<number> {
  const index = group.profile.filters.findIndex((f) => filterKey(f) === key);
  if (index < 0) return failure(PolicyProblem.notFound('FILTER_NOT_FOUND', `group "${group.name}" has no filter with key "${key}"`, { key }));
  if (!group.profile.filters[index].customerAdd) {
    return failure(PolicyProblem.invalid('FILTER_PREDEFINED', `filter "${key}" is predefined and cannot be changed or removed`, { key }));
  }
  return success(index);
}

export function hostFilterProblem(group: GroupPolicy, behavior: FilterBehavior, apps: readonly string[] | undefined): PolicyProblem | undefined {
  if (!isHostGroup(group.name)) return undefined;
  if (behavior === 'block_access') return PolicyProblem.invalid('HOST_GROUP_NO_BLOCK', 'the host group "nodes" is never blocked: use monitor_change', { field: 'behavior' });
  if ((apps ?? []).length > 0) return PolicyProblem.invalid('HOST_GROUP_NO_ACCESS_RULES', 'the host group "nodes" has no access rules (no allowed apps)', { field: 'apps' });
  return undefined;
}
