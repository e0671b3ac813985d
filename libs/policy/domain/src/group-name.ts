import { PolicyProblem } from './policy-problem';

/** Letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 128 characters (fits CRD and `nv.<svc>.<ns>` names). */
export const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The problem with a group name, or undefined when it is acceptable. */
export function groupNameProblem(name: string): PolicyProblem | undefined {
  if (GROUP_NAME.test(name)) return undefined;
  return PolicyProblem.invalid('GROUP_NAME_INVALID', `group name "${truncate(name)}" must match ${GROUP_NAME.source}`, { field: 'name' });
}

function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}
