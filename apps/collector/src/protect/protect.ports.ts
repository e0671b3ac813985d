import type { ProcIdentity } from '@fsmon/collector-domain';
import type { ContainerIdentity, LearnedRule, RawEvent } from '@fsmon/contracts';
import type { ProtectPolicy, ProtectWorkload } from './protect.types';

// What the protect module needs from the rest of the collector, as small interfaces. The policy
// store, the raw-event and learned-rules publishers and the process resolver satisfy them as they
// are (structurally); see CollectorProtectModule for the tokens.

/** The policy store: resolution per workload and change notification. */
export interface ProtectPolicySource {
  resolve(container: ContainerIdentity | null): ProtectPolicy;
  /** Registers a listener (called after every applied change); returns its removal. */
  onChange(listener: (changedGroups: readonly string[], revision: number) => void): () => void;
}

/** Raw events out (validated, batched and delivered by the publisher; never blocks). */
export interface RawEventSink {
  enqueue(events: readonly RawEvent[], containerId?: string | null): void;
}

/** Learned rules out; a batch is kept until the broker acknowledged it. */
export interface LearnedRulesSink {
  add(rules: readonly LearnedRule[]): void;
}

/**
 * What the module uses of a process record: the collector-domain identity the watcher's resolver
 * keeps (its ProcRecord extends it), and the user name when the resolver has one.
 */
export type ProcLike = ProcIdentity;

/** User names in a workload's own /etc/passwd (the watcher's PasswdCache): '' when it has none. */
export interface UserNames {
  userName(workload: Pick<ProtectWorkload, 'key' | 'rootPath'>, uid: number, now: number): string;
}

/** The process resolver: the process behind a pid now, or its last known record. */
export interface ProcLookup {
  lookup(pid: number, now: number): ProcLike | null;
}

/**
 * Decides opens a blocking entry does not allow, on the main thread, within the ask deadline
 * (optional: without it every verdict is made in the permission worker). Late or failing answers
 * are replaced by the filter's fail verdict.
 */
export interface DecisionHook {
  decide(ask: DecisionRequest): 'allow' | 'deny' | Promise<'allow' | 'deny'>;
}

export interface DecisionRequest {
  readonly workload: string;
  readonly filterKey: string;
  /** Container-relative. */
  readonly path: string;
  readonly pid: number;
  readonly exe: string | null;
  readonly comm: string | null;
}

/** A change of enforcement the watchdog made (see ProtectService: audit). */
export interface EnforcementNotice {
  readonly state: 'suspended' | 'restored';
  /** ISO time. */
  readonly at: string;
  readonly reason: string;
  /** Workloads whose permission marks were taken away (suspended) or given back (restored). */
  readonly workloads: readonly string[];
  /** Block filters set fail-closed among them: not enforced while suspended. */
  readonly failClosedFilters: number;
}

/** Receives the watchdog's enforcement changes (besides the log, the counters and the status notes). */
export interface EnforcementAuditSink {
  enforcement(notice: EnforcementNotice): void;
}
