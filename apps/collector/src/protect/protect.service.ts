import { Logger, type LoggerService, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import type { AccessDecision } from '@fsmon/collector-domain';
import { judgeOpen } from './access/access.judge';
import type { CoverageHint } from './access/coverage.memo';
import { AccessReporter } from './access/access.reporter';
import { AskBridge } from './access/ask.bridge';
import { PermissionReportHandler } from './access/permission-report.handler';
import { PermissionRuntime } from './kernel/permission.runtime';
import type { ProtectOptions } from './protect.env';
import type { DecisionHook, EnforcementAuditSink, LearnedRulesSink, ProcLookup, ProtectPolicySource, RawEventSink, UserNames } from './protect.ports';
import { failClosedFilters, targetState, type TargetState } from './protect.state';
import { protectStatus, type ProtectStatus } from './protect.status';
import type { ProtectTarget } from './protect.types';
import { ProtectionApplier, type OpenTrackingListener } from './protection.applier';

export interface ProtectDeps {
  readonly options: ProtectOptions;
  readonly policies: ProtectPolicySource;
  readonly rawEvents: RawEventSink;
  readonly learnedRules: LearnedRulesSink;
  readonly procs?: ProcLookup;
  /** User names for reports (the watcher's PasswdCache); without it reports carry no user name. */
  readonly users?: UserNames;
  readonly hook?: DecisionHook;
  readonly audit?: EnforcementAuditSink;
  readonly logger?: LoggerService;
}

/** What the watcher learns about an open it saw through a FAN_OPEN notification. */
export interface OpenVerdict {
  readonly decision: AccessDecision;
  readonly inProfile: boolean;
}

/** The five verdicts observeOpen gives, made once: it answers every notified open of a burst. */
const VERDICTS = {
  none: Object.freeze<OpenVerdict>({ decision: 'none', inProfile: false }),
  denied: Object.freeze<OpenVerdict>({ decision: 'denied', inProfile: false }),
  deniedInProfile: Object.freeze<OpenVerdict>({ decision: 'denied', inProfile: true }),
  allowed: Object.freeze<OpenVerdict>({ decision: 'allowed', inProfile: false }),
  allowedInProfile: Object.freeze<OpenVerdict>({ decision: 'allowed', inProfile: true }),
};

/**
 * Protect (blocking) and Discover (learning), §1.3, §2.3–§2.6, §5: compiles each workload's policy
 * into permission-table entries and marks (compileProtection), keeps them in step incrementally
 * (ProtectionApplier), turns the permission worker's reports into deny/unauthorized raw events
 * and learned rules, and suspends enforcement when verdicts fall behind (stall watchdog). Verdicts
 * never wait for this class: the worker decides inline from the last table it was given.
 */
export class ProtectService implements HealthContributor, OnModuleInit, OnModuleDestroy {
  readonly healthName = 'protect';
  private readonly logger: LoggerService;
  private readonly applier: ProtectionApplier;
  private readonly reporter: AccessReporter;
  private readonly handler: PermissionReportHandler;
  private readonly asks: AskBridge | null;
  private runtime: PermissionRuntime | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly notes: string[] = [];
  private suspendedSince: number | null = null;
  private failures = 0;

  constructor(private readonly deps: ProtectDeps) {
    const o = deps.options;
    this.logger = deps.logger ?? new Logger(ProtectService.name);
    this.applier = new ProtectionApplier(this.logger);
    this.reporter = new AccessReporter(deps.rawEvents, { collectorId: o.collectorId, windowMs: o.reportWindowMs }, (key) => {
      const s = this.applier.states.get(key);
      return s && { workload: s.target.workload, policy: s.policy };
    });
    this.handler = new PermissionReportHandler((key) => this.applier.states.get(key), this.reporter, deps.learnedRules, deps.procs ?? null, o.defaultFailMode, deps.users ?? null);
    this.asks = deps.hook ? new AskBridge(deps.hook, (key) => this.applier.states.get(key)?.kernelRoot, () => this.suspended) : null;
  }

  /** Probes the kernel, opens the permission group, probe and watchdog, and follows policy changes. */
  async start(): Promise<void> {
    const o = this.deps.options;
    if (o.permission === 'off') this.notes.push('permission events disabled (PROTECT_PERMISSION=off): Protect observes only');
    else await this.openRuntime(o);
    this.unsubscribe = this.deps.policies.onChange(() => this.recompile(true));
  }

  /** Adds or updates a workload (identity or watched set changed) and applies it at once. */
  upsert(target: ProtectTarget): void {
    const policy = this.deps.policies.resolve(target.workload.identity);
    this.applier.apply(new Map([[target.workload.key, targetState(target, policy, this.settings())]]));
  }

  /** Forgets a workload and removes its marks. */
  remove(workloadKey: string): void {
    if (this.applier.states.has(workloadKey)) this.applier.apply(new Map([[workloadKey, undefined]]));
  }

  /** Whether the watcher should observe this workload's opens with FAN_OPEN (they are not held by permission marks). */
  notificationOpens(workloadKey: string): boolean {
    return this.applier.states.get(workloadKey)?.compiled.held !== true;
  }

  /** Called when notificationOpens changes for a known workload: before permission marks go, after they came. */
  onOpenTrackingChange(listener: OpenTrackingListener): () => void {
    return this.applier.onOpenTrackingChange(listener);
  }

  /**
   * The allow check of an open the watcher saw by notification (FAN_OPEN), for its coalescer;
   * Discover opens feed learning. Opens of held workloads were decided (and reported) here already.
   * `hint`: the caller's place for this path's coverage answer (one per path; see CoverageHint).
   */
  observeOpen(workloadKey: string, path: string, proc: { readonly exe: string; readonly name: string }, hint?: CoverageHint): OpenVerdict {
    const s = this.applier.states.get(workloadKey);
    if (s === undefined || s.compiled.held) return VERDICTS.none;
    const j = judgeOpen(s.policy, s.compiled.flags, { path, exePath: proc.exe, name: proc.name }, this.deps.options.defaultFailMode, hint);
    if (j.kind === 'learn') this.deps.learnedRules.add(j.rules);
    if (j.kind !== 'check' || !j.report) return VERDICTS.none;
    if (j.denied) return j.inProfile ? VERDICTS.deniedInProfile : VERDICTS.denied;
    return j.inProfile ? VERDICTS.allowedInProfile : VERDICTS.allowed;
  }

  get suspended(): boolean {
    return this.suspendedSince !== null;
  }

  status(): ProtectStatus {
    return protectStatus({
      permissionEvents: this.runtime !== null,
      notes: this.notes,
      suspendedSince: this.suspendedSince,
      appliedRevision: this.applier.appliedRevision,
      states: this.applier.states.values(),
      counters: {
        service: { ...this.applier.counts, failures: this.failures },
        ...(this.runtime?.counters() ?? {}),
        asks: { released: this.asks?.released ?? 0, hookErrors: this.asks?.hookErrors ?? 0 },
        reports: this.handler.counters,
        events: this.reporter.counters,
      },
    });
  }

  /** Down only when the permission worker failed (Protect then observes without blocking). */
  health(): HealthReport {
    const s = this.status();
    return { up: this.failures === 0, details: { permissionEvents: s.permissionEvents, suspended: s.suspended, notes: s.notes } };
  }

  /** Collects the worker's reports now and hands the window's events to the sink. */
  flushReports(): void {
    this.runtime?.engine.collectReports();
    this.reporter.flush();
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Stops deciding (what is queued is allowed), removes every mark, reports what is left. Bounded. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.asks?.releaseAll('allow');
    await this.runtime?.close();
    this.reporter.stop();
  }

  private async openRuntime(o: ProtectOptions): Promise<void> {
    const opened = await PermissionRuntime.open({
      askDeadlineMs: o.askDeadlineMs,
      stallBudgetMs: o.stallBudgetMs,
      restoreAfterMs: o.restoreAfterMs,
      probeIntervalMs: o.probeIntervalMs,
      onReport: (reports) => this.handler.handle(reports),
      onAsk: this.asks ? (ask) => (this.asks as AskBridge).ask(ask, (id) => this.applier.failVerdict(id)) : undefined,
      onFailure: (error) => this.onRuntimeFailure(error),
      onTrip: (reason) => this.suspend(reason),
      onRestore: (ms) => this.restore(ms),
      onMarkError: (what, error) => this.logger.warn(`${what}: ${error.message}`),
    });
    if (!(opened instanceof PermissionRuntime)) {
      this.notes.push(`${opened.unavailable}: Protect falls back to notification`);
      return;
    }
    this.runtime = opened;
    this.applier.runtime = opened;
    if (this.applier.states.size > 0) this.recompile(false);
  }

  private settings() {
    const o = this.deps.options;
    return { permissionSupported: this.runtime !== null, observe: o.observe, suspended: this.suspended, askUnauthorized: this.asks !== null, defaultFailMode: o.defaultFailMode };
  }

  /** Recompiles every workload (with its policy resolved again when `resolve`). */
  private recompile(resolve: boolean): void {
    const settings = this.settings();
    const next = new Map<string, TargetState>();
    for (const [key, s] of this.applier.states) {
      next.set(key, targetState(s.target, resolve ? this.deps.policies.resolve(s.target.workload.identity) : s.policy, settings));
    }
    this.applier.apply(next);
  }

  private suspend(reason: string): void {
    const held = [...this.applier.states.values()].filter((s) => s.compiled.held);
    this.suspendedSince = Date.now();
    const released = this.asks?.releaseAll('allow') ?? 0;
    this.recompile(false);
    const text =
      `verdicts fell behind (${reason}; budget ${this.deps.options.stallBudgetMs} ms): permission marks removed, opens allowed ` +
      `and observed by notification${released > 0 ? `; ${released} waiting open(s) allowed` : ''}`;
    this.logger.warn(text);
    this.audit('suspended', text, held);
  }

  private restore(suspendedMs: number): void {
    this.suspendedSince = null;
    this.recompile(false);
    const text = `verdicts caught up: permission marks restored after ${Math.round(suspendedMs)} ms`;
    this.logger.log(text);
    this.audit('restored', text, [...this.applier.states.values()].filter((s) => s.compiled.held));
  }

  private audit(state: 'suspended' | 'restored', reason: string, states: readonly TargetState[]): void {
    const failClosed = state === 'suspended' ? states.reduce((n, s) => n + failClosedFilters(s), 0) : 0;
    try {
      this.deps.audit?.enforcement({ state, at: new Date().toISOString(), reason, workloads: states.map((s) => s.target.workload.key), failClosedFilters: failClosed });
    } catch (e) {
      this.logger.error(`enforcement audit sink failed: ${(e as Error).message}`);
    }
  }

  private onRuntimeFailure(error: Error): void {
    this.failures++;
    this.logger.error(`${error.message}: Protect falls back to notification`);
    this.notes.push(`permission worker failed (${error.message}); notification only`);
    this.runtime?.abandon();
    this.runtime = null;
    this.applier.runtime = null;
    this.recompile(false);
  }
}
