/**
 * One entry of the permission worker's table, in the shape fs-events' `PermissionResponder.setRules`
 * takes (`PermissionRule`), restated here so the compiler stays a pure function of its inputs.
 */
export interface PermissionEntry {
  /** `<target key>\t<filter key>`: reports and asks echo it (see ruleId / parseRuleId). */
  readonly id: string;
  /** The workload's mount namespace; '*' for the fallback of processes whose namespace is unreadable. */
  readonly mntns: number | '*';
  /** Kernel-rendered directory whose entries this covers. */
  readonly path: string;
  readonly match: 'children';
  /** Entry names covered: literal or `*` wildcards. */
  readonly name: string;
  readonly allow: '*' | readonly string[];
  readonly otherwise: 'allow' | 'deny' | 'ask';
  readonly fail: 'allow' | 'deny';
}

export function ruleId(targetKey: string, filterKey: string): string {
  return `${targetKey}\t${filterKey}`;
}

/** The (target key, filter key) of a rule id, or null for an id this module did not make. */
export function parseRuleId(id: string): { targetKey: string; filterKey: string } | null {
  const tab = id.indexOf('\t');
  return tab <= 0 ? null : { targetKey: id.slice(0, tab), filterKey: id.slice(tab + 1) };
}
