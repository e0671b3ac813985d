import { HOST_GROUP, type FileFilter, type FileMonitorProfile, type PolicyMode } from '@fsmon/contracts';
import { BUILT_IN_FILTERS, type MergedAccessRules, type MergedProfile } from '@fsmon/rules';

/** One workload's (the host's or a container's) effective policy. */
export interface ResolvedPolicy {
  /** The store's applied revision when this was resolved (0 before any policy arrived). */
  readonly revision: number;
  /** The strictest mode of the member groups (see `strictestMode`); not yet forced for the host. */
  readonly mode: PolicyMode;
  /** Member group names, sorted; `[BUILT_IN_GROUP]` or `['nodes']` for the built-in default. */
  readonly groups: readonly string[];
  /** The merged profile (`filters` and `filtersCRD` kept apart, each filter's `dgroup` set). */
  readonly profile: MergedProfile;
  /** `profile.all`: the CRD filters first, then the normal ones (the attribution order). */
  readonly filters: readonly FileFilter[];
  /** The member groups' merged access rules; `undefined` when no group has any (built-in default). */
  readonly accessRules: MergedAccessRules | undefined;
  readonly isHost: boolean;
  /** No group applied: the built-in filters (the seed's 21 and the package databases it misses), no access rules. */
  readonly builtIn: boolean;
}

/** The group name a container gets when no group selects it. */
export const BUILT_IN_GROUP = 'fsmon.default';

/**
 * The built-in profile: `BUILT_IN_FILTERS`, i.e. the seed's 21 predefined `monitor_change` filters
 * plus the package databases the seed misses (rpm sqlite, dpkg status.d; §8.20). The host's (used only
 * while no `nodes` group exists) is in Monitor mode, like the seed's host; a container's takes
 * the configured default mode (Discover unless DEFAULT_MODE says otherwise, like the seed's
 * learned groups).
 */
export function builtInProfile(isHost: boolean, defaultMode: PolicyMode): FileMonitorProfile {
  return {
    group: isHost ? HOST_GROUP : BUILT_IN_GROUP,
    mode: isHost ? 'Monitor' : defaultMode,
    cfgType: 'learned',
    filters: [...BUILT_IN_FILTERS],
    filtersCRD: [],
  };
}
