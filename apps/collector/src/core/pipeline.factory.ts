import { Coalescer } from '@fsmon/collector-domain';
import { type FsEventsError, NamesStat } from '@fsmon/fs-events';
import { PasswdCache } from '../attribution/passwd.cache';
import { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { CollectorConfig } from '../collector.config';
import { ContainerDiscovery } from '../containers/container.discovery';
import type { Workload } from '../containers/workload';
import { ClassifyPass } from '../pipeline/classify.pass';
import { EntryClassifier } from '../pipeline/entry.classifier';
import { EventIntake } from '../pipeline/event.intake';
import { GapRescanner } from '../pipeline/gap.rescanner';
import { newPassCounters } from '../pipeline/pass.counters';
import { newIntakeCounters, type PendingContext } from '../pipeline/pending.types';
import { RawEventFactory } from '../pipeline/raw-event.factory';
import { SubtreeScheduler } from '../pipeline/subtree.scheduler';
import type { ProcRecord } from '../attribution/proc-record';
import { BaselineTask } from '../watch/baseline.task';
import { ContentHasher } from '../watch/content.hasher';
import { EventLocator } from '../watch/event.locator';
import { KernelBackend } from '../watch/kernel.backend';
import { MarkTable } from '../watch/mark.table';
import { PlanApplier } from '../watch/plan.applier';
import { ReaderRecovery } from '../watch/reader.recovery';
import { WatchErrorReporter } from '../watch/watch-error.reporter';
import { WatchManager } from '../watch/watch.manager';
import type { MarkOwner } from '../watch/workload.watch';
import type { PolicySource, RawEventSink, WatchObserver } from './collector.ports';
import { ObserverNotifier } from '../watch/observer.notifier';
import { CollectorPipeline, type PipelineLogger } from './collector.pipeline';

export interface PipelineDeps {
  readonly config: CollectorConfig;
  readonly policy: PolicySource;
  readonly sink: RawEventSink;
  readonly logger?: PipelineLogger;
  /** The protect module's seam (permission marks, allow checks of opens, learning); optional. */
  readonly observer?: WatchObserver;
  /** A process resolver shared with other modules (the protect module); one is made otherwise. */
  readonly procs?: ProcInfoResolver;
  /** User names per workload, shared with other modules (the protect module); one is made otherwise. */
  readonly passwd?: PasswdCache;
}

const SILENT: PipelineLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Builds the collector core from its parts and wires them: discovery → watch manager (walk, marks,
 * baselines) → kernel events → intake (locate, attribute, coalesce) → periodic pass (classify,
 * report) → sink; kernel overflows and full windows → gap event + rescan. Nothing runs until
 * `start()`. @throws FsEventsError when fanotify cannot be opened at all.
 */
export function buildPipeline(deps: PipelineDeps): CollectorPipeline {
  const { config } = deps;
  const logger = deps.logger ?? SILENT;
  const intakeCounters = newIntakeCounters();
  const passCounters = newPassCounters();
  const errors: FsEventsError[] = [];
  let intake: EventIntake | null = null;
  let recovery: ReaderRecovery | null = null;
  const kernel = KernelBackend.open({
    report: config.watch.fanotifyReport,
    unlimitedQueue: config.watch.unlimitedQueue,
    onFanotify: (batch) => intake?.onFanotify(batch),
    onInotify: (batch) => intake?.onInotify(batch),
    onError: (source, e) => recovery?.stopped(source, e),
  });
  let rescanner: GapRescanner | null = null;
  const watchErrors = new WatchErrorReporter({ logger, gap: (scope, lost, containerId) => rescanner?.publishGap('read-error', scope, lost, containerId) });
  const marks = new MarkTable<MarkOwner>(kernel, ({ owner }, error) => {
    const w = owner.watch.workload;
    watchErrors.failed({ path: owner.dir?.path ?? owner.file?.path ?? '?', containerId: w.identity?.id ?? null, workload: w.identity?.id ?? (w.isHost ? 'the host' : `root pid ${w.rootPid}`) }, error);
  });
  const hasher = new ContentHasher(config.watch.hashMaxBytes, config.watch.hashConcurrency, new NamesStat());
  const applyCounters = { markErrors: {} as Record<string, number> };
  const applier = new PlanApplier(marks, kernel.mode, applyCounters);
  const notifier = new ObserverNotifier(deps.observer ?? null);
  const manager = new WatchManager(
    { procDir: config.discovery.procDir, maxDirs: config.watch.maxDirs, permissionSupported: kernel.capabilities.permissionEvents },
    deps.policy,
    applier,
    new BaselineTask(hasher),
    notifier,
  );
  const coalescer = new Coalescer<PendingContext, ProcRecord>({ maxPaths: config.pipeline.maxPaths });
  const passwd = deps.passwd ?? new PasswdCache();
  const factory = new RawEventFactory(config.collectorId, passwd);
  const subtrees = new SubtreeScheduler(manager, coalescer, passCounters);
  const classifier = new EntryClassifier(hasher, manager, factory, passwd, { graceMs: config.pipeline.runtimeFileGraceMs, reportAllowedReads: config.pipeline.reportAllowedReads }, {
    watchDir: (p) => {
      const { watch, dir, name } = p.context;
      if (dir === null || name === null || watch.dirs.has(p.path)) return;
      subtrees.schedule({ outcome: 'new-dir', watch, path: p.path, views: dir.views.map((v) => (v === '/' ? `/${name}` : `${v}/${name}`)), context: p.context, filter: p.context.filter }, 'rescan');
    },
  });
  const pass = new ClassifyPass({
    coalescer,
    classifier,
    manager,
    sink: deps.sink,
    counters: passCounters,
    procDir: config.discovery.procDir,
    windowMs: config.pipeline.windowMs,
    onWindowOverflow: (_lost, byRoot) => {
      for (const [rootPid, lost] of byRoot) {
        const w = manager.get(rootPid)?.workload;
        const scope = `new paths of ${w?.identity?.id ?? (w?.isHost ? 'the host' : `root pid ${rootPid}`)} while the coalescing window was full`;
        rescanner?.request('coalescer-full', scope, lost, [rootPid], w?.identity?.id ?? null);
      }
    },
  });
  rescanner = new GapRescanner({ manager, hasher, factory, sink: deps.sink, counters: passCounters, subtrees, classifyAll: (p) => pass.classifyAll(p) });
  const rescans = rescanner;
  recovery = new ReaderRecovery({
    reopen: (source) => kernel.reopen(source),
    replaceMarks: (source) => marks.replaceAll(source),
    gap: (scope) => rescans.publishGap('read-error', scope, undefined),
    rescan: () => rescans.rescan('all'),
    errors,
    logger,
  }, config.watch.readerRecovery);
  const discovery = new ContainerDiscovery(config.discovery, {
    added: (w: Workload) => pipeline.addWorkload(w),
    removed: (w: Workload) => pipeline.removeWorkload(w),
  });
  const procs = deps.procs ?? new ProcInfoResolver({ procDir: config.discovery.procDir, hostMntns: discovery.hostMntns, maxEntries: config.procCacheSize });
  const locator = new EventLocator(marks, () => manager.all(), config.discovery.hostRoot);
  const gaps = rescanner;
  intake = new EventIntake(kernel.mode, marks, locator, procs, coalescer, intakeCounters, {
    overflow: (reason) => gaps.request(reason, 'every watched path of every workload', undefined, 'all'),
    newDir: (match) => subtrees.schedule(match, 'fanotify'),
    goneDir: (match) => manager.forgetPath(match.watch, match.path),
  }, deps.observer ?? null);
  const pipeline: CollectorPipeline = new CollectorPipeline({
    config,
    logger,
    policy: deps.policy,
    observer: deps.observer ?? null,
    notifier,
    kernel,
    marks,
    hasher,
    manager,
    coalescer,
    passwd,
    procs,
    locator,
    discovery,
    pass,
    subtrees,
    rescanner,
    recovery,
    watchErrors,
    intakeCounters,
    passCounters,
    applyCounters,
    errors,
  });
  return pipeline;
}
