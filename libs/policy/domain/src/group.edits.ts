import { type GroupPolicy, GroupSelector, type PolicyMode } from '@fsmon/contracts';
import { BUILT_IN_FILTERS, isHostGroup } from '@fsmon/rules';
import { groupNameProblem } from './group-name';
import { failure, type Outcome, PolicyProblem, success } from './policy-problem';

export interface NewGroupInput {
  readonly name: string;
  readonly selector?: Partial<GroupSelector>;
  /** Default Discover; the host group `nodes` is always Monitor. */
  readonly mode?: PolicyMode;
}

/**
 * A new group: its selector, a profile holding fsmon's built-in filters (`BUILT_IN_FILTERS`: the
 * seed's 21 ImportantFiles, then the package databases the seed misses, fsmon-behaviour §8.20; all
 * predefined, monitor_change) and an empty access rule. `revision` is 0 until the store stamps the
 * change.
 * The host group `nodes` takes no selector and only Monitor mode (fsmon-behaviour §1.1).
 */
export function newGroup(input: NewGroupInput, now: string): Outcome<GroupPolicy> {
  const nameProblem = groupNameProblem(input.name);
  if (nameProblem) return failure(nameProblem);
  const host = isHostGroup(input.name);
  const mode = input.mode ?? (host ? 'Monitor' : 'Discover');
  const hostProblem = host ? hostModeProblem(mode) ?? hostSelectorProblem(input.selector) : undefined;
  if (hostProblem) return failure(hostProblem);
  return success({
    revision: 0,
    name: input.name,
    deleted: false,
    selector: GroupSelector.parse(input.selector ?? {}),
    profile: { group: input.name, mode, cfgType: 'user_created', filters: BUILT_IN_FILTERS.map((f) => ({ ...f })), filtersCRD: [] },
    accessRule: { group: input.name, filters: {}, filtersCRD: {} },
    updatedAt: now,
  });
}

/** Replaces the selector (the host group takes none). */
export function setSelector(group: GroupPolicy, selector: Partial<GroupSelector>): Outcome<GroupPolicy> {
  const problem = isHostGroup(group.name) ? hostSelectorProblem(selector) : undefined;
  if (problem) return failure(problem);
  return success({ ...group, selector: GroupSelector.parse(selector) });
}

/** Switches the mode (Discover, Monitor, Protect); the host group stays Monitor. */
export function setMode(group: GroupPolicy, mode: PolicyMode): Outcome<GroupPolicy> {
  const problem = isHostGroup(group.name) ? hostModeProblem(mode) : undefined;
  if (problem) return failure(problem);
  return success({ ...group, profile: { ...group.profile, mode } });
}

function hostModeProblem(mode: PolicyMode): PolicyProblem | undefined {
  if (mode === 'Monitor') return undefined;
  return PolicyProblem.invalid('HOST_GROUP_MODE', `the host group "nodes" is always in Monitor mode (got ${mode})`, { field: 'mode' });
}

function hostSelectorProblem(selector: Partial<GroupSelector> | undefined): PolicyProblem | undefined {
  const s = selector ?? {};
  const used = (s.ids?.length ?? 0) + (s.names?.length ?? 0) + (s.images?.length ?? 0) + Object.keys(s.labels ?? {}).length;
  if (used === 0) return undefined;
  return PolicyProblem.invalid('HOST_GROUP_SELECTOR', 'the host group "nodes" selects the host itself and takes no selector', { field: 'selector' });
}
