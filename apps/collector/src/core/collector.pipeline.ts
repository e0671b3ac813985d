import type { Coalescer } from '@fsmon/collector-domain';
import type { FsEventsError } from '@fsmon/fs-events';
import type { PasswdCache } from '../attribution/passwd.cache';
import type { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { ProcRecord } from '../attribution/proc-record';
import type { CollectorConfig } from '../collector.config';
import type { ContainerDiscovery } from '../containers/container.discovery';
import type { Workload } from '../containers/workload';
import type { ClassifyPass } from '../pipeline/classify.pass';
import type { GapRescanner } from '../pipeline/gap.rescanner';
import type { PassCounters } from '../pipeline/pass.counters';
import type { IntakeCounters, PendingContext } from '../pipeline/pending.types';
import type { SubtreeScheduler } from '../pipeline/subtree.scheduler';
import type { ContentHasher } from '../watch/content.hasher';
import type { EventLocator } from '../watch/event.locator';
import type { KernelBackend } from '../watch/kernel.backend';
import type { MarkTable } from '../watch/mark.table';
import type { ReaderRecovery } from '../watch/reader.recovery';
import type { WatchErrorReporter } from '../watch/watch-error.reporter';
import type { WatchManager } from '../watch/watch.manager';
import type { MarkOwner, WorkloadWatch } from '../watch/workload.watch';
import type { ObserverNotifier } from '../watch/observer.notifier';
import type { PolicySource, WatchObserver } from './collector.ports';
import { EventLoopMonitor } from './event-loop.monitor';
import { HeapCompactor } from './heap.compactor';

/** Where the pipeline logs (a Nest Logger fits). */
export interface PipelineLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The wired parts (see buildPipeline). */
export interface PipelineParts {
  readonly config: CollectorConfig;
  readonly logger: PipelineLogger;
  readonly policy: PolicySource;
  readonly observer: WatchObserver | null;
  readonly notifier: ObserverNotifier;
  readonly kernel: KernelBackend;
  readonly marks: MarkTable<MarkOwner>;
  readonly hasher: ContentHasher;
  readonly manager: WatchManager;
  readonly coalescer: Coalescer<PendingContext, ProcRecord>;
  readonly passwd: PasswdCache;
  readonly procs: ProcInfoResolver;
  readonly locator: EventLocator;
  readonly discovery: ContainerDiscovery;
  readonly pass: ClassifyPass;
  readonly subtrees: SubtreeScheduler;
  readonly rescanner: GapRescanner;
  /** Reopens a kernel source whose reader stopped (gap event, backoff, marks again, rescan). */
  readonly recovery: ReaderRecovery;
  /** Failed inotify watches: counted, logged (rate-limited), published as gap events. */
  readonly watchErrors: WatchErrorReporter;
  readonly intakeCounters: IntakeCounters;
  readonly passCounters: PassCounters;
  readonly applyCounters: { markErrors: Record<string, number> };
  readonly errors: FsEventsError[];
}

/**
 * Longest the last pass at shutdown may classify (hashing included). A normal window takes
 * milliseconds; this only bounds a huge one, so that the whole stop (kernel readers, this pass,
 * delivery's DELIVERY_STOP_DRAIN_MS and spooling) stays well inside a 10 s termination grace.
 */
export const FINAL_PASS_MAX_MS = 1500;

/**
 * The running collector core: workloads come and go through discovery, kernel events flow through
 * the intake into the window, the pass classifies every COALESCE_WINDOW_MS. `stop()` is bounded
 * and loses nothing already seen: it stops discovery and the pass timer, closes the kernel side
 * (the readers hand over what the kernel had queued), classifies what the window still holds and
 * hands it to the sink (which drains or spools it after), then releases the watches. Read-only
 * views (snapshot, probe, watches) live in CollectorViews.
 */
export class CollectorPipeline {
  private timer: NodeJS.Timeout | null = null;
  private readonly starting = new Map<string, Promise<WorkloadWatch | null>>();
  private readonly unsubscribe: Array<() => void> = [];
  private stopped = false;
  /** How long kernel bursts (or anything else) keep the event loop from turning. */
  readonly eventLoop = new EventLoopMonitor();
  /** Gives back the heap a burst of workload starts (walks, baselines) left behind. */
  readonly compactor = new HeapCompactor();

  constructor(readonly parts: PipelineParts) {}

  /** Starts the kernel readers, discovery and the pass timer. */
  start(): void {
    const { kernel, discovery, config, policy, manager, logger } = this.parts;
    this.eventLoop.start();
    kernel.start();
    discovery.start();
    this.timer = setInterval(() => void this.parts.pass.tick(), config.pipeline.windowMs);
    const off = policy.onChange(() => {
      manager.policyChanged().catch((e: Error) => logger.error(`re-planning after a policy change failed: ${e.message}`));
    });
    if (typeof off === 'function') this.unsubscribe.push(off);
    const observer = this.parts.observer;
    if (observer !== null) this.unsubscribe.push(observer.onOpenTrackingChange((key, opens) => manager.setOpens(key, opens)));
  }

  addWorkload(workload: Workload): void {
    if (this.stopped) return;
    const { manager, logger } = this.parts;
    for (const w of workload.warnings) logger.warn(`${workload.identity?.id ?? 'host'}: ${w}`);
    const started = manager.start(workload).then(
      (watch) => {
        if (watch.closed) return watch;
        logger.log(`watching ${workload.identity?.id ?? 'the host'} (root pid ${workload.rootPid}): ${watch.dirs.size} directories, ${watch.files.size} files`);
        return watch;
      },
      (e: Error) => {
        if (this.stopped) return null;
        logger.error(`watching ${workload.identity?.id ?? 'the host'} failed: ${e.message}`);
        return null;
      },
    );
    this.starting.set(workload.key, started);
    void started.finally(() => {
      this.starting.delete(workload.key);
      if (this.starting.size === 0 && !this.stopped) void this.compactor.afterBurst();
    });
  }

  removeWorkload(workload: Workload): void {
    const { manager, coalescer, passwd, passCounters, logger } = this.parts;
    if (manager.stop(workload) === undefined) return;
    passCounters.workloadGone += coalescer.dropRoot(workload.rootPid);
    passwd.forget(workload.key);
    logger.log(`stopped watching ${workload.identity?.id ?? 'the host'} (root pid ${workload.rootPid}): gone`);
  }

  /** Waits until every workload being started is watched and every new sub-tree walked. */
  async settled(): Promise<void> {
    while (this.starting.size > 0) await Promise.all([...this.starting.values()]);
    await this.parts.subtrees.idle();
  }

  /** Runs a pass now (tests, shutdown), after pending walks and rescans. */
  async flush(): Promise<void> {
    await this.settled();
    await this.parts.rescanner.idle();
    await this.parts.pass.all();
  }

  get degraded(): readonly FsEventsError[] {
    return this.parts.errors;
  }

  /**
   * Shutdown, in this order: no new work (discovery, timers, walks cut short); the kernel readers
   * stop and hand over what they read; the last pass reports the window (bounded by
   * FINAL_PASS_MAX_MS) to the sink; the watches are released. Delivery stops after this (the sink's
   * module outlives the core), so the last window is drained or spooled with the rest.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.parts.notifier.dispose();
    this.parts.recovery.dispose();
    this.parts.discovery.stop();
    if (this.timer !== null) clearInterval(this.timer);
    // A first walk of a large host takes long: cut it short rather than wait (SIGTERM must be prompt).
    this.parts.manager.close();
    await Promise.allSettled([...this.starting.values()]);
    await this.parts.kernel.close();
    try {
      await this.parts.pass.final(Date.now() + FINAL_PASS_MAX_MS);
    } catch (e) {
      this.parts.logger.error(`the last pass at shutdown failed, its window is lost: ${(e as Error).message}`);
    }
    for (const watch of [...this.parts.manager.all()]) this.removeWorkload(watch.workload);
    this.parts.watchErrors.flush();
    this.eventLoop.stop();
  }
}
