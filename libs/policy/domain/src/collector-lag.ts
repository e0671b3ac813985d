import type { CollectorStatus } from '@fsmon/contracts';

/**
 * What the policy keeps per collector: its last status, when that arrived (policy clock), and
 * `waitingFor`: the revision that was current when the collector was first seen behind, and since
 * when. It is cleared once a status reaches that revision and is not behind the then-current one.
 */
export interface CollectorRecord {
  readonly status: CollectorStatus;
  readonly receivedAt: string;
  readonly waitingFor: { readonly revision: number; readonly since: string } | null;
}

/**
 * The record after a new status, or `outdated` for a status older than the one kept (a late
 * redelivery of the same collector run). `currentRevision` is the policy revision on arrival.
 */
export function nextCollectorRecord(prev: CollectorRecord | null, status: CollectorStatus, currentRevision: number, receivedAt: string): CollectorRecord | 'outdated' {
  if (prev && prev.status.startedAt === status.startedAt && Date.parse(status.at) < Date.parse(prev.status.at)) return 'outdated';
  const applied = status.appliedRevision;
  let waitingFor = prev?.waitingFor ?? null;
  if (waitingFor && applied >= waitingFor.revision) waitingFor = null;
  if (!waitingFor && applied < currentRevision) waitingFor = { revision: currentRevision, since: receivedAt };
  return { status, receivedAt, waitingFor };
}

export interface LagOptions {
  /** The collectors' heartbeat period. */
  readonly heartbeatMs: number;
  /** A status older than this many heartbeats is stale. */
  readonly staleHeartbeats: number;
  /** How long a collector may stay behind a revision before it is lagging. */
  readonly graceMs: number;
}

export interface CollectorLag {
  readonly currentRevision: number;
  readonly appliedRevision: number;
  /** Revisions behind (0 when up to date). */
  readonly lag: number;
  readonly stale: boolean;
  /** Stale, or behind the same revision for longer than the grace. */
  readonly lagging: boolean;
  readonly reason: 'stale' | 'behind' | null;
  /** Since when it has been behind (ISO), or null. */
  readonly behindSince: string | null;
}

/** How far a collector is behind the policy at `now` (ms since the epoch). */
export function collectorLag(record: CollectorRecord, currentRevision: number, now: number, opts: LagOptions): CollectorLag {
  const applied = record.status.appliedRevision;
  const stale = now - Date.parse(record.receivedAt) > opts.heartbeatMs * opts.staleHeartbeats;
  const since = record.waitingFor?.since ?? null;
  const behind = since !== null && applied < currentRevision && now - Date.parse(since) > opts.graceMs;
  return {
    currentRevision,
    appliedRevision: applied,
    lag: Math.max(0, currentRevision - applied),
    stale,
    lagging: stale || behind,
    reason: stale ? 'stale' : behind ? 'behind' : null,
    behindSince: applied < currentRevision ? since : null,
  };
}
