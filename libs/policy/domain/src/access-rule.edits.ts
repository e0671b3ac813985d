import type { GroupPolicy } from '@fsmon/contracts';
import { normalizeApps } from './filter-input';
import { failure, type Outcome, PolicyProblem, success } from './policy-problem';

export interface AccessInput {
  readonly apps: readonly string[];
  readonly failMode?: 'open' | 'closed';
}

/**
 * Sets the allowed apps (and optionally the fail mode) of a customer filter's access rule. Only
 * customer filters have rules (predefined ones and the host group have none): NOT_FOUND otherwise.
 * The behavior follows the filter (change it on the filter).
 */
export function setAccess(group: GroupPolicy, key: string, input: AccessInput, now: string): Outcome<GroupPolicy> {
  const rule = Object.hasOwn(group.accessRule.filters, key) ? group.accessRule.filters[key] : undefined;
  if (!rule) return failure(PolicyProblem.notFound('ACCESS_RULE_NOT_FOUND', `group "${group.name}" has no access rule for "${key}" (only customer filters have one)`, { key }));
  const apps = normalizeApps(input.apps);
  if (!apps.ok) return apps;
  const failMode = input.failMode ?? rule.failMode;
  if (failMode === rule.failMode && apps.value.join('\n') === rule.apps.join('\n')) return success(group);
  const next = { ...rule, apps: apps.value, failMode, updatedAt: now };
  return success({ ...group, accessRule: { ...group.accessRule, filters: { ...group.accessRule.filters, [key]: next } } });
}
