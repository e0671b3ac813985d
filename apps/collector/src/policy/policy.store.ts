import { Logger, type LoggerService } from '@nestjs/common';
import type { ContainerIdentity, GroupPolicy, PolicyMode } from '@fsmon/contracts';
import { groupsFor, mergeAccessRules, mergeProfiles, validateFilters } from '@fsmon/rules';
import { groupPolicyProblems } from './group-policy.check';
import { builtInProfile, type ResolvedPolicy } from './resolved-policy';

/** Called after every change with the names of the groups that changed (added, updated, deleted). */
export type PolicyChangeListener = (changedGroups: readonly string[], revision: number) => void;

/**
 * `applied`: the group changed; `stale`: an older or equal revision than the one held (ignored);
 * `invalid`: the message contradicts itself or its key (nothing applied; `problems` says why).
 */
export type ApplyResult = { outcome: 'applied'; rejectedFilters: number } | { outcome: 'stale' } | { outcome: 'invalid'; problems: string[] };

export interface PolicyStoreStats {
  appliedRevision: number;
  groups: number;
  tombstones: number;
  applied: number;
  stale: number;
  invalid: number;
  /** Filters refused by validation (unsafe or invalid patterns), summed over applied messages. */
  rejectedFilters: number;
}

export interface PolicyStoreOptions {
  /** Mode of a container no group selects. */
  defaultMode: PolicyMode;
  logger?: LoggerService;
}

/**
 * The current policy per group, as received (latest revision per group wins; a `deleted` message
 * is kept as a tombstone so an older message cannot bring the group back), and the resolution of
 * a workload's effective policy. Fed by PolicyTopicSource or a policy file; never does I/O.
 */
export class PolicyStore {
  private readonly groups = new Map<string, GroupPolicy>();
  private readonly listeners = new Set<PolicyChangeListener>();
  private readonly logger: LoggerService;
  private readonly counts: PolicyStoreStats = { appliedRevision: 0, groups: 0, tombstones: 0, applied: 0, stale: 0, invalid: 0, rejectedFilters: 0 };

  constructor(private readonly opts: PolicyStoreOptions) {
    this.logger = opts.logger ?? new Logger(PolicyStore.name);
  }

  /** The highest revision applied so far (0 when none). */
  get appliedRevision(): number {
    return this.counts.appliedRevision;
  }

  /**
   * Applies one group's policy, then tells the listeners. Filters that fail validation are left
   * out (counted and logged); the rest of the group applies. `key` is the Kafka key, when any.
   */
  apply(policy: GroupPolicy, key?: string | null): ApplyResult {
    const result = this.put(policy, key);
    if (result.outcome === 'applied') this.notify([policy.name]);
    return result;
  }

  /** Applies many (a policy file) and tells the listeners once. */
  applyAll(policies: readonly GroupPolicy[]): ApplyResult[] {
    const results = policies.map((p) => this.put(p));
    const changed = policies.filter((_, i) => results[i].outcome === 'applied').map((p) => p.name);
    if (changed.length > 0) this.notify([...new Set(changed)]);
    return results;
  }

  /**
   * The effective policy of the host (`null`) or a container. The host takes the `nodes` group;
   * a container every live group whose selector selects it (by id, name, image, labels). The
   * member profiles are merged (mergeProfiles, groups in name order) as are their access rules.
   * With no member group the built-in default applies (see builtInProfile).
   */
  resolve(container: ContainerIdentity | null): ResolvedPolicy {
    const isHost = container === null;
    const names = groupsFor([...this.groups.values()], container).sort();
    const members = names.map((n) => this.groups.get(n) as GroupPolicy);
    const builtIn = members.length === 0;
    const profile = mergeProfiles(builtIn ? [builtInProfile(isHost, this.opts.defaultMode)] : members.map((g) => g.profile));
    return {
      revision: this.counts.appliedRevision,
      mode: profile.mode,
      groups: profile.groups,
      profile,
      filters: profile.all,
      accessRules: mergeAccessRules(members.map((g) => g.accessRule)),
      isHost,
      builtIn,
    };
  }

  /** The live (not deleted) group names, sorted. */
  groupNames(): string[] {
    return [...this.groups.values()].filter((g) => !g.deleted).map((g) => g.name).sort();
  }

  /**
   * Registers a listener; returns its removal. To find the containers a change affects, compare
   * each container's groups before and after: a changed group may now select a container it did
   * not select before.
   */
  onChange(listener: PolicyChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): PolicyStoreStats {
    const all = [...this.groups.values()];
    return { ...this.counts, groups: all.filter((g) => !g.deleted).length, tombstones: all.filter((g) => g.deleted).length };
  }

  private put(policy: GroupPolicy, key?: string | null): ApplyResult {
    const problems = groupPolicyProblems(policy, key);
    if (problems.length > 0) {
      this.counts.invalid++;
      return { outcome: 'invalid', problems };
    }
    const held = this.groups.get(policy.name);
    if (held && held.revision >= policy.revision) {
      this.counts.stale++;
      return { outcome: 'stale' };
    }
    const filters = this.validFilters(policy, 'filters');
    const filtersCRD = this.validFilters(policy, 'filtersCRD');
    const rejectedFilters = policy.profile.filters.length - filters.length + policy.profile.filtersCRD.length - filtersCRD.length;
    this.groups.set(policy.name, { ...policy, profile: { ...policy.profile, filters, filtersCRD } });
    this.counts.applied++;
    this.counts.rejectedFilters += rejectedFilters;
    this.counts.appliedRevision = Math.max(this.counts.appliedRevision, policy.revision);
    return { outcome: 'applied', rejectedFilters };
  }

  private validFilters(policy: GroupPolicy, list: 'filters' | 'filtersCRD') {
    const { valid, rejected } = validateFilters(policy.profile[list]);
    for (const r of rejected) {
      this.logger.warn(`group ${policy.name} rev ${policy.revision}: ${list} entry ${JSON.stringify(r.filter.filter || r.filter.path)} refused (${r.error.code}: ${r.error.message})`);
    }
    return valid;
  }

  private notify(changed: readonly string[]): void {
    for (const listener of this.listeners) {
      try {
        listener(changed, this.counts.appliedRevision);
      } catch (e) {
        this.logger.error(`policy change listener failed: ${(e as Error).message}`);
      }
    }
  }
}
