import { filterKey } from '@fsmon/contracts';
import { modeFlags } from '@fsmon/rules';
import type { PolicySource, ResolvedPolicy } from '../core/collector.ports';
import { readText } from '../containers/proc-fs';
import { parseMountinfo } from '../containers/mountinfo.parser';
import type { Workload } from '../containers/workload';
import type { BaselineTask } from './baseline.task';
import type { ObserverNotifier } from './observer.notifier';
import type { PlanApplier } from './plan.applier';
import { blockingCapability, type BlockingCapability } from './blocking-capability';
import { TreeWalker } from './tree.walker';
import { joinPath, type WatchedDir } from './watch-state';
import { WorkloadWatch } from './workload.watch';

export interface WatchManagerOptions {
  readonly procDir: string;
  readonly maxDirs: number;
  readonly permissionSupported: boolean;
}

export interface WatchManagerCounters {
  started: number;
  stopped: number;
  replans: number;
  subtrees: number;
  truncatedWalks: number;
  unreadableDirs: number;
  /** Walks cut short by shutdown. */
  abortedWalks: number;
  /** Full walks not applied because a newer policy arrived while they ran (§8.18). */
  staleWalks: number;
}

/** A file found by walking a new sub-tree: it appeared after the watch began. */
export interface FoundFile {
  readonly dir: WatchedDir;
  readonly name: string;
}

/**
 * Starts, re-plans and stops the watches of workloads: resolve the policy, walk the root, apply the
 * plan to the kernel marks, baseline the covered files. A policy change re-plans every workload
 * incrementally (marks kept where the plan keeps them, baselines kept for paths still covered).
 * Each workload's plans run one at a time and the latest policy wins (`PlanSequencer`, §8.18).
 */
export class WatchManager {
  private readonly watches = new Map<number, WorkloadWatch>();
  readonly counters: WatchManagerCounters = { started: 0, stopped: 0, replans: 0, subtrees: 0, truncatedWalks: 0, unreadableDirs: 0, abortedWalks: 0, staleWalks: 0 };
  /** Fired by close(): running walks stop, so a shutdown never waits for a whole file system. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly options: WatchManagerOptions,
    private readonly policy: PolicySource,
    private readonly applier: PlanApplier,
    private readonly baselines: BaselineTask,
    private readonly notifier: ObserverNotifier,
  ) {}

  get(rootPid: number): WorkloadWatch | undefined {
    return this.watches.get(rootPid);
  }

  all(): IterableIterator<WorkloadWatch> {
    return this.watches.values();
  }

  /** Watches a new workload; resolves when its marks are placed and its files baselined. */
  async start(workload: Workload): Promise<WorkloadWatch> {
    const resolved = this.policy.resolve(workload.identity);
    const blocking = blockingCapability(this.options.procDir, workload);
    const watch = new WorkloadWatch(workload, resolved, this.flags(workload, resolved, blocking), Date.now(), blocking);
    watch.opens = this.notifier.notificationOpens(workload.key);
    this.watches.set(workload.rootPid, watch);
    this.counters.started += 1;
    // Resolves once the newest policy's plan is applied, also when a change arrived during this walk.
    await watch.plans.replan((stale) => this.plan(watch, stale));
    if (watch.state === 'starting') watch.state = 'active';
    this.notifier.changedNow(watch);
    return watch;
  }

  /** Stops watching: releases its marks. Pending events are the caller's to drop. */
  stop(workload: Workload): WorkloadWatch | undefined {
    const watch = this.watches.get(workload.rootPid);
    if (watch === undefined || watch.workload.key !== workload.key) return undefined;
    watch.state = 'closed';
    this.applier.releaseAll(watch);
    this.watches.delete(workload.rootPid);
    this.notifier.removed(watch);
    this.counters.stopped += 1;
    return watch;
  }

  /**
   * Shutdown: cuts running walks short and closes every watch, so their baselines stop at the next
   * chunk and nothing is applied; the caller still stops each workload (releasing its marks).
   */
  close(): void {
    this.shutdown.abort();
    for (const watch of this.watches.values()) watch.state = 'closed';
  }

  /** Re-resolves every workload's policy; re-plans those whose mode or filters changed. */
  async policyChanged(): Promise<void> {
    await Promise.all(
      [...this.watches.values()].map(async (watch) => {
        const next = this.policy.resolve(watch.workload.identity);
        const same = next.mode === watch.policy.mode && sameFilters(next, watch.policy);
        watch.policy = next;
        watch.flags = this.flags(watch.workload, next, watch.blocking);
        if (same || watch.closed) return;
        this.counters.replans += 1;
        await watch.plans.replan((stale) => this.plan(watch, stale));
        this.notifier.changedNow(watch);
      }),
    );
  }

  /** Resolves once no plan of any workload is queued or running. */
  async idle(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.plans.idle()));
  }

  /**
   * Watches a directory that appeared under a watched one (created, moved in); returns the covered
   * files it holds. Queued behind the workload's running plan, so it walks with the current policy
   * and counts as new only what that plan did not already find.
   */
  watchSubtree(watch: WorkloadWatch, real: string, views: readonly string[]): Promise<FoundFile[]> {
    return watch.plans.exclusive(() => this.walkSubtree(watch, real, views));
  }

  private async walkSubtree(watch: WorkloadWatch, real: string, views: readonly string[]): Promise<FoundFile[]> {
    if (watch.closed) return [];
    this.counters.subtrees += 1;
    const known = new Set<string>();
    for (const d of watch.dirs.values()) if (d.path === real || d.path.startsWith(`${real}/`)) for (const n of d.children.keys()) known.add(joinPath(d.path, n));
    const walker = new TreeWalker({ rootPath: watch.workload.rootPath, filters: watch.policy.filters, maxDirs: this.options.maxDirs, mountPoints: new Set(), signal: this.shutdown.signal });
    const plan = await walker.walk(views.map((view) => ({ real, view })));
    if (plan.aborted) this.counters.abortedWalks += 1;
    if (watch.closed || plan.aborted) return [];
    const markedAt = Date.now();
    this.applier.apply(watch, plan, false);
    await this.baselines.run(watch, watch.dirs.values(), watch.files.values(), markedAt);
    this.notifier.changedLater(watch);
    const found: FoundFile[] = [];
    for (const d of plan.dirs.values()) {
      const dir = watch.dirs.get(d.path);
      if (dir !== undefined) for (const name of d.children.keys()) if (!known.has(joinPath(d.path, name))) found.push({ dir, name });
    }
    return found;
  }

  /** Forgets a path that is gone: a directory with its sub-tree, or a file. */
  forgetPath(watch: WorkloadWatch, path: string): void {
    for (const dir of [...watch.dirs.values()]) if (dir.path === path || dir.path.startsWith(`${path}/`)) this.applier.releaseDir(watch, dir);
    const file = watch.files.get(path);
    if (file !== undefined) this.applier.releaseFile(watch, file);
    this.notifier.changedLater(watch);
  }

  /** The protect module changed whether this workload's opens are observed by FAN_OPEN. */
  setOpens(workloadKey: string, opens: boolean): void {
    for (const watch of this.watches.values()) {
      if (watch.workload.key !== workloadKey || watch.opens === opens) continue;
      watch.opens = opens;
      this.applier.refreshMasks(watch);
    }
  }

  /** A full plan with the policy current now; not applied when a newer one was asked for meanwhile. */
  private async plan(watch: WorkloadWatch, stale: () => boolean): Promise<void> {
    if (watch.closed) return;
    const { workload } = watch;
    const mountinfo = readText(`${this.options.procDir}/${workload.isHost ? 'self' : workload.rootPid}/mountinfo`) ?? '';
    const mountPoints = new Set(parseMountinfo(mountinfo).map((m) => m.mountPoint));
    const walker = new TreeWalker({ rootPath: workload.rootPath, filters: watch.policy.filters, maxDirs: this.options.maxDirs, mountPoints, signal: this.shutdown.signal });
    const plan = await walker.walk();
    if (plan.aborted) {
      this.counters.abortedWalks += 1;
      return;
    }
    if (watch.closed) return;
    if (stale()) {
      this.counters.staleWalks += 1;
      return;
    }
    this.counters.unreadableDirs += plan.unreadable;
    watch.truncated = plan.truncated;
    if (plan.truncated) this.counters.truncatedWalks += 1;
    const markedAt = Date.now();
    this.applier.apply(watch, plan, true);
    // A newer plan takes the baselines still missing, with its own set: stop here when one is asked for.
    await this.baselines.run(watch, watch.dirs.values(), watch.files.values(), markedAt, stale);
  }

  /** The mode flags: the kernel probe (permission events) and the workload's blocking capability decide whether Protect blocks. */
  private flags(workload: Workload, policy: ResolvedPolicy, blocking: BlockingCapability) {
    return modeFlags({
      mode: policy.mode,
      isHost: workload.isHost,
      capBlock: blocking.capBlock,
      permissionSupported: this.options.permissionSupported && blocking.permissionCapable,
    });
  }
}

function sameFilters(a: ResolvedPolicy, b: ResolvedPolicy): boolean {
  const key = (p: ResolvedPolicy) => p.filters.map((f) => `${filterKey(f)}|${f.recursive}|${f.behavior}|${f.customerAdd}|${f.dgroup}`).join('\n');
  return key(a) === key(b);
}
