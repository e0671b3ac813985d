import type { FileRawEvent } from '@fsmon/contracts';
import { readStat } from '../attribution/proc-record';
import type { RawEventSink } from '../core/collector.ports';
import type { WatchManager } from '../watch/watch.manager';
import type { WorkloadWatch } from '../watch/workload.watch';
import type { EntryClassifier } from './entry.classifier';
import { bump, type PassCounters } from './pass.counters';
import type { Pending, PendingCoalescer } from './pending.types';
import { enqueueInSlices, nextTurn } from './sink.slices';

/**
 * Paths classified together (then handed to the sink, before the next chunk starts). Small enough
 * that a pass streams its results: the first events reach the sink after one chunk, not after the
 * whole window (thousands of paths under a write storm take hundreds of ms to stat and hash).
 */
const CHUNK = 128;

/**
 * Share of the window a timed pass may spend classifying before it puts the rest back into the
 * window for the next pass. Without it, a write storm's thousands of paths made a pass outlast
 * several windows, and a quiet container's change waited for the whole of it; with it, every pass
 * ends before the next is due, and starts with the newest window's paths of every container
 * interleaved (fairOrder), the storm's leftovers merged with their own newer events.
 */
const PASS_BUDGET_SHARE = 0.75;

export interface PassDeps {
  readonly coalescer: PendingCoalescer;
  readonly classifier: EntryClassifier;
  readonly manager: WatchManager;
  readonly sink: RawEventSink;
  readonly counters: PassCounters;
  readonly procDir: string;
  /** COALESCE_WINDOW_MS: how often `tick` runs; a timed pass classifies for at most PASS_BUDGET_SHARE of it. */
  readonly windowMs: number;
  /** The window overflowed: refused events per root pid (a gap and a rescan follow). */
  readonly onWindowOverflow: (events: number, byRoot: ReadonlyMap<number, number>) => void;
}

/**
 * The periodic pass (seed HandleWatchedFiles, every COALESCE_WINDOW_MS): swaps the coalescing
 * window out, drops events of workloads that are gone (their root process exited or was replaced),
 * classifies the rest and hands the reported events to the sink chunk by chunk, workloads
 * interleaved (fairOrder), each workload's in order, in slices that leave the event loop a turn
 * between them (see enqueueInSlices). Passes never overlap. A timed pass stops classifying after
 * its budget and requeues the paths it did not reach (see PASS_BUDGET_SHARE).
 * At shutdown `final` runs one last pass over what the window still holds.
 */
export class ClassifyPass {
  private running: Promise<void> | null = null;
  /** Set by `final`: the watches are closed for shutdown, not gone, so their events still count. */
  private shuttingDown = false;

  constructor(private readonly deps: PassDeps) {}

  /** The timer's pass: runs now within its budget, or waits for the running one (counted as an overrun). */
  tick(): Promise<void> {
    return this.start(this.deps.windowMs * PASS_BUDGET_SHARE);
  }

  /** A pass over the whole window, however long it takes (tests, a flush before shutdown). */
  async all(): Promise<void> {
    while (this.running !== null) await this.running;
    await this.start(Infinity);
  }

  private start(budgetMs: number): Promise<void> {
    if (this.running !== null) {
      this.deps.counters.overruns += 1;
      return this.running;
    }
    this.running = this.runOnce(Infinity, budgetMs).finally(() => (this.running = null));
    return this.running;
  }

  /**
   * The last pass, at shutdown (after the kernel readers handed over what they had read): waits for
   * a pass in progress, then classifies the whole window and hands it to the sink, so a restart
   * loses nothing that was already seen. Classification stops at `deadline` (epoch ms): what is
   * left then is counted in `stopUnclassified`, not reported.
   */
  async final(deadline: number): Promise<void> {
    this.shuttingDown = true;
    while (this.running !== null) await this.running;
    this.running = this.runOnce(deadline).finally(() => (this.running = null));
    await this.running;
  }

  /**
   * Classifies `pending` (a window, or a rescan's findings) and returns what is to be reported.
   * With a `deadline` (epoch ms), the chunks not started by then are counted in `stopUnclassified`.
   */
  async classifyAll(pending: readonly Pending[], deadline = Infinity): Promise<FileRawEvent[]> {
    const out: FileRawEvent[] = [];
    await this.classifyInChunks(pending, deadline, Infinity, (events) => void out.push(...events));
    return out;
  }

  /**
   * Classifies `pending` CHUNK paths at a time, in order, handing each chunk's reported events to
   * `onChunk`. Stops at `deadline` (the rest counted as unclassified) or, first, at `budgetEnd`
   * (the rest is returned, for the caller to requeue).
   */
  private async classifyInChunks(
    pending: readonly Pending[],
    deadline: number,
    budgetEnd: number,
    onChunk: (events: FileRawEvent[]) => Promise<void> | void,
  ): Promise<readonly Pending[]> {
    const { counters } = this.deps;
    for (let i = 0; i < pending.length; i += CHUNK) {
      // A chunk observed without I/O (classifyChunk's synchronous lstats) resolves in microtasks:
      // without this, a whole window would be classified in one turn of the event loop.
      if (i > 0) await nextTurn();
      const now = Date.now();
      if (now >= deadline) {
        counters.stopUnclassified += pending.length - i;
        break;
      }
      if (now >= budgetEnd) return pending.slice(i);
      const results = await this.deps.classifier.classifyChunk(pending.slice(i, i + CHUNK));
      const reported: FileRawEvent[] = [];
      for (const r of results) {
        counters.classified += 1;
        if ('reported' in r) {
          reported.push(r.reported);
          bump(counters.reported, r.reported.kind);
        } else if ('dropped' in r) bump(counters.notReported, r.dropped);
        else counters.none += 1;
      }
      if (reported.length > 0) await onChunk(reported);
    }
    return [];
  }

  private async runOnce(deadline = Infinity, budgetMs = Infinity): Promise<void> {
    const { coalescer, counters, sink } = this.deps;
    const budgetEnd = Date.now() + budgetMs;
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
    // Fair order: a container with a few changes is not queued behind another's write storm.
    const left = await this.classifyInChunks(fairOrder(live), deadline, budgetEnd, (events) => enqueueInSlices(sink, events));
    if (left.length > 0) {
      counters.requeued += left.length;
      coalescer.requeue(left);
    }
  }

  private isLive(watch: WorkloadWatch): boolean {
    const { workload } = watch;
    if (this.deps.manager.get(workload.rootPid) !== watch || (watch.closed && !this.shuttingDown)) return false;
    if (workload.isHost) return true;
    return readStat(this.deps.procDir, workload.rootPid)?.startTime === workload.rootStartTime;
  }
}

/**
 * The window's paths interleaved across workloads (round-robin, one path of each in turn), each
 * workload's own paths kept in their order: raw events stay in order per container (what the
 * topic's key promises), and the first chunks of a pass hold every workload's first paths.
 */
export function fairOrder(pending: readonly Pending[]): Pending[] {
  const byWatch = new Map<WorkloadWatch, Pending[]>();
  for (const p of pending) {
    const list = byWatch.get(p.context.watch);
    if (list === undefined) byWatch.set(p.context.watch, [p]);
    else list.push(p);
  }
  if (byWatch.size <= 1) return pending as Pending[];
  const lists = [...byWatch.values()];
  const out: Pending[] = [];
  for (let i = 0; out.length < pending.length; i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]);
  }
  return out;
}
