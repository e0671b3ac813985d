import type { FileRawEvent } from '@fsmon/contracts';
import { readStat } from '../attribution/proc-record';
import type { RawEventSink } from '../core/collector.ports';
import type { WatchManager } from '../watch/watch.manager';
import type { WorkloadWatch } from '../watch/workload.watch';
import type { EntryClassifier } from './entry.classifier';
import { bump, type PassCounters } from './pass.counters';
import type { Pending, PendingCoalescer } from './pending.types';

const CHUNK = 512;

export interface PassDeps {
  readonly coalescer: PendingCoalescer;
  readonly classifier: EntryClassifier;
  readonly manager: WatchManager;
  readonly sink: RawEventSink;
  readonly counters: PassCounters;
  readonly procDir: string;
  /** The window overflowed: refused events per root pid (a gap and a rescan follow). */
  readonly onWindowOverflow: (events: number, byRoot: ReadonlyMap<number, number>) => void;
}

/**
 * The periodic pass (seed HandleWatchedFiles, every COALESCE_WINDOW_MS): swaps the coalescing
 * window out, drops events of workloads that are gone (their root process exited or was replaced),
 * classifies the rest and hands the reported events to the sink in one call. Passes never overlap.
 */
export class ClassifyPass {
  private running: Promise<void> | null = null;

  constructor(private readonly deps: PassDeps) {}

  /** Runs a pass now, or waits for the running one (which then counts as an overrun if the timer fired). */
  tick(): Promise<void> {
    if (this.running !== null) {
      this.deps.counters.overruns += 1;
      return this.running;
    }
    this.running = this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** Classifies `pending` (a window, or a rescan's findings) and returns what is to be reported. */
  async classifyAll(pending: readonly Pending[]): Promise<FileRawEvent[]> {
    const out: FileRawEvent[] = [];
    const { counters } = this.deps;
    for (let i = 0; i < pending.length; i += CHUNK) {
      const results = await Promise.all(pending.slice(i, i + CHUNK).map((p) => this.deps.classifier.classify(p)));
      for (const r of results) {
        counters.classified += 1;
        if ('reported' in r) {
          out.push(r.reported);
          bump(counters.reported, r.reported.kind);
        } else if ('dropped' in r) bump(counters.notReported, r.dropped);
        else counters.none += 1;
      }
    }
    return out;
  }

  private async runOnce(): Promise<void> {
    const { coalescer, counters, sink } = this.deps;
    counters.passes += 1;
    const window = coalescer.drain();
    counters.droppedProcs += window.droppedProcs;
    if (window.overflow.events > 0) this.deps.onWindowOverflow(window.overflow.events, window.overflow.byRoot);
    const alive = new Map<WorkloadWatch, boolean>();
    const live = window.events.filter((p) => {
      const watch = p.context.watch;
      let ok = alive.get(watch);
      if (ok === undefined) alive.set(watch, (ok = this.isLive(watch)));
      if (!ok) counters.workloadGone += 1;
      return ok;
    });
    const events = await this.classifyAll(live);
    if (events.length > 0) sink.enqueue(events);
  }

  private isLive(watch: WorkloadWatch): boolean {
    const { workload } = watch;
    if (watch.closed || this.deps.manager.get(workload.rootPid) !== watch) return false;
    if (workload.isHost) return true;
    return readStat(this.deps.procDir, workload.rootPid)?.startTime === workload.rootStartTime;
  }
}
