import type { PolicyMode } from '@fsmon/contracts';
import type { TargetState } from './protect.state';

/** One workload as the status heartbeat shows it (CollectorStatus.containers[].permission). */
export interface ProtectWorkloadStatus {
  readonly key: string;
  /** The effective mode (the host is always Monitor). */
  readonly mode: PolicyMode;
  /** Opens are refused by permission events (Protect, enforced now). */
  readonly permission: boolean;
  /** Opens on tracked filters are held by permission marks (Protect, and Monitor/Discover with PROTECT_OBSERVE=hold). */
  readonly held: boolean;
  /** Why a Protect workload is not enforced, when it is not. */
  readonly fallbackReason?: string;
}

/** What the status publisher reports of the protect module. */
export interface ProtectStatus {
  /** For CollectorStatus.capabilities.permissionEvents. */
  readonly permissionEvents: boolean;
  /** For CollectorStatus.capabilities.notes: fallbacks, failures, and a suspension in progress. */
  readonly notes: readonly string[];
  /** The highest policy revision whose verdicts are in the permission table. */
  readonly appliedRevision: number;
  readonly suspended: boolean;
  readonly workloads: readonly ProtectWorkloadStatus[];
  /** Flat counters (`<area>.<name>`), for CollectorStatus.probe.counters and metrics. */
  readonly counters: Readonly<Record<string, number>>;
}

export interface StatusInput {
  readonly permissionEvents: boolean;
  readonly notes: readonly string[];
  readonly suspendedSince: number | null;
  readonly appliedRevision: number;
  readonly states: Iterable<TargetState>;
  readonly counters: Readonly<Record<string, object | undefined>>;
}

export function protectStatus(input: StatusInput): ProtectStatus {
  const notes = [...input.notes];
  if (input.suspendedSince !== null) {
    notes.push(`permission enforcement suspended by the stall watchdog since ${new Date(input.suspendedSince).toISOString()} (fail-open, opens observed by notification)`);
  }
  const workloads = [...input.states].map((s) => ({
    key: s.target.workload.key,
    mode: s.compiled.flags.mode,
    permission: s.compiled.held && s.compiled.flags.permission,
    held: s.compiled.held,
    ...(s.compiled.flags.fallbackReason === undefined ? {} : { fallbackReason: s.compiled.flags.fallbackReason }),
  }));
  return {
    permissionEvents: input.permissionEvents,
    notes,
    appliedRevision: input.appliedRevision,
    suspended: input.suspendedSince !== null,
    workloads,
    counters: flatten(input.counters),
  };
}

function flatten(groups: Readonly<Record<string, object | undefined>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [area, values] of Object.entries(groups)) {
    for (const [name, value] of Object.entries(values ?? {})) if (typeof value === 'number') out[`${area}.${name}`] = value;
  }
  return out;
}
