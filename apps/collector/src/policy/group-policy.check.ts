import type { GroupPolicy } from '@fsmon/contracts';

/**
 * The problems of a schema-valid GroupPolicy that the schema cannot see: the group's name must be
 * the same in the message, its profile, its access rule and (when given) the Kafka key. Empty
 * when consistent. A message that fails here is refused whole rather than applied under a guess.
 */
export function groupPolicyProblems(policy: GroupPolicy, key?: string | null): string[] {
  const problems: string[] = [];
  if (key !== undefined && key !== policy.name) problems.push(`key ${JSON.stringify(key)} is not the group name ${JSON.stringify(policy.name)}`);
  if (policy.profile.group !== policy.name) problems.push(`profile.group ${JSON.stringify(policy.profile.group)} is not the group name ${JSON.stringify(policy.name)}`);
  if (policy.accessRule.group !== policy.name) {
    problems.push(`accessRule.group ${JSON.stringify(policy.accessRule.group)} is not the group name ${JSON.stringify(policy.name)}`);
  }
  return problems;
}
