import { type FileAccessFilterRule, type FileFilter, filterKey, type GroupPolicy, type PolicyMode } from '@fsmon/contracts';
import { isHostGroup } from '@fsmon/rules';
import { accessEntry, customerFilter, type FilterInput, normalizeApps } from './filter-input';
import { hostFilterProblem, MAX_FILTERS } from './filter.edits';
import { setMode } from './group.edits';
import { failure, type Outcome, PolicyProblem, success } from './policy-problem';

export interface ProfileInput {
  readonly mode?: PolicyMode;
  /** The group's customer filters, replacing the current ones; predefined filters stay. */
  readonly filters: readonly FilterInput[];
}

/**
 * Replaces a profile's customer filters (and optionally its mode) in one change. Access-rule
 * entries follow: a kept key keeps its apps unless the input gives `apps`; removed keys lose
 * theirs. Every pattern is checked; the first problem names its index (`filters[3]`).
 */
export function replaceProfile(group: GroupPolicy, input: ProfileInput, now: string): Outcome<GroupPolicy> {
  const moded = input.mode === undefined ? success(group) : setMode(group, input.mode);
  if (!moded.ok) return moded;
  const predefined = group.profile.filters.filter((f) => !f.customerAdd);
  const taken = new Set([...predefined, ...group.profile.filtersCRD].map(filterKey));
  if (predefined.length + input.filters.length > MAX_FILTERS) {
    return failure(PolicyProblem.invalid('FILTERS_TOO_MANY', `a profile holds at most ${MAX_FILTERS} filters`, { field: 'filters' }));
  }
  const filters: FileFilter[] = [];
  const rules: Record<string, FileAccessFilterRule> = {};
  for (const [i, item] of input.filters.entries()) {
    const where = `filters[${i}]`;
    const parsed = customerFilter(item, where);
    if (!parsed.ok) return parsed;
    const key = filterKey(parsed.value);
    if (taken.has(key)) return failure(PolicyProblem.conflict('FILTER_EXISTS', `${where}: the key "${key}" is already taken by a predefined filter or another entry`, { key, field: where }));
    taken.add(key);
    const hostProblem = hostFilterProblem(group, parsed.value.behavior, item.apps);
    if (hostProblem) return failure(hostProblem);
    filters.push(parsed.value);
    if (isHostGroup(group.name)) continue;
    const rule = keptRule(group.accessRule.filters[key], parsed.value, item, where, now);
    if (!rule.ok) return rule;
    rules[key] = rule.value;
  }
  return success({
    ...moded.value,
    profile: { ...moded.value.profile, filters: [...predefined, ...filters] },
    accessRule: { ...group.accessRule, filters: rules },
  });
}

function keptRule(before: FileAccessFilterRule | undefined, filter: FileFilter, item: FilterInput, where: string, now: string): Outcome<FileAccessFilterRule> {
  const apps = normalizeApps(item.apps ?? before?.apps ?? [], `${where}.apps`);
  if (!apps.ok) return apps;
  if (!before) return success(accessEntry(filter, apps.value, now, item.failMode));
  const next: FileAccessFilterRule = { ...before, apps: apps.value, behavior: filter.behavior, failMode: item.failMode ?? before.failMode };
  const same = next.behavior === before.behavior && next.failMode === before.failMode && next.apps.join('\n') === before.apps.join('\n');
  return success(same ? before : { ...next, updatedAt: now });
}
