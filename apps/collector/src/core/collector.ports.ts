import type { ContainerIdentity, FileFilter, PolicyMode, RawEvent, WatchedContainer, ProbeData } from '@fsmon/contracts';
import type { AccessDecision } from '@fsmon/collector-domain';
import type { MergedAccessRules } from '@fsmon/rules';
import type { Workload } from '../containers/workload';

/**
 * The policy in force for one workload, as the PolicyStore resolves it: the strictest mode of the
 * groups selecting it, their merged filters (CRD filters first) and access rules.
 */
export interface ResolvedPolicy {
  readonly revision: number;
  readonly mode: PolicyMode;
  readonly groups: readonly string[];
  readonly filters: readonly FileFilter[];
  readonly accessRules?: MergedAccessRules;
}

/** Where policies come from (the PolicyStore over the policy topic or a POLICY_FILE). */
export interface PolicySource {
  /** The policy of a container, or of the host (`null`, group `nodes`). */
  resolve(container: ContainerIdentity | null): ResolvedPolicy;
  /** Called after any group's policy changed; returns an unsubscribe function (or nothing). */
  onChange(listener: () => void): (() => void) | void;
}

/**
 * Where raw events go (the RawEventPublisher: batching per workload, spool). Must not block and
 * never throws. `containerId`: the workload a gap event concerns (null: the host / all).
 */
export interface RawEventSink {
  enqueue(events: RawEvent[], containerId?: string | null): void;
}

/** What the status publisher asks the collector for. */
export interface CollectorSnapshot {
  readonly containers: WatchedContainer[];
  readonly probe: ProbeData;
  readonly capabilities: { readonly permissionEvents: boolean; readonly fidReporting: boolean; readonly notes: string[] };
  readonly appliedRevision: number;
  readonly drops: Record<string, number>;
}

/** A workload's watch set as the watcher expanded it (container paths; `views`: symlinked aliases). */
export interface WatchTarget {
  readonly workload: Workload;
  /** false for platform/system containers (never blocked). */
  readonly capBlock: boolean;
  /** false when the storage driver rules permission events out (an aufs root). */
  readonly permissionCapable: boolean;
  readonly dirs: ReadonlyArray<{ readonly path: string; readonly views: readonly string[]; readonly inode: string }>;
  readonly files: ReadonlyArray<{ readonly path: string; readonly inode: string }>;
}

/**
 * The seam to permission events and learning (the protect module, issue 5): told every workload's
 * watch set, it may take over the observation of opens (permission marks), and it decides the
 * opens the watcher sees by notification. Optional: without it opens are observed with FAN_OPEN and
 * carry no allow-check decision.
 */
export interface WatchObserver {
  upsert(target: WatchTarget): void;
  remove(workloadKey: string): void;
  /** Whether the watcher marks FAN_OPEN for this workload's tracked filters. */
  notificationOpens(workloadKey: string): boolean;
  /** Called when notificationOpens changes; returns the removal. */
  onOpenTrackingChange(listener: (workloadKey: string, notificationOpens: boolean) => void): () => void;
  /**
   * The allow check of an open seen by notification (and Discover learning). `hint`: this path's
   * own place for the observer's coverage answer (one per path, kept by the watcher with the
   * file's remembered match); the observer checks it against the filter list in force.
   */
  observeOpen(
    workloadKey: string,
    path: string,
    proc: { readonly exe: string; readonly name: string },
    hint?: CoverageHint,
  ): { readonly decision: AccessDecision; readonly inProfile: boolean };
  /** Its state for the status heartbeat, /probe and /metrics (ProtectService.status()). */
  status(): ObserverStatus;
}

/**
 * The observer's remembered coverage answer for one path (the protect module's CoverageHint,
 * structurally): the filter covering it under the filter list `coverList`; a new list means unknown.
 */
export interface CoverageHint {
  coverList: readonly FileFilter[] | null;
  coverFilter: FileFilter | null;
}

/** What the observer (the protect module) reports of itself; ProtectStatus fits. */
export interface ObserverStatus {
  /** Permission events are in use (the worker runs). */
  readonly permissionEvents: boolean;
  /** Fallbacks, failures, a suspension in progress. */
  readonly notes: readonly string[];
  /** The highest policy revision whose verdicts are in the permission table. */
  readonly appliedRevision: number;
  readonly suspended: boolean;
  /** Per workload key: opens are refused by permission events now. */
  readonly workloads: ReadonlyArray<{ readonly key: string; readonly permission: boolean }>;
  /** Flat counters (`<area>.<name>`), e.g. `reports.blocked`, `reports.unauthorized`, `watchdog.trips`. */
  readonly counters: Readonly<Record<string, number>>;
}
