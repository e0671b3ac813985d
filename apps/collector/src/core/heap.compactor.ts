import v8 from 'node:v8';
import vm from 'node:vm';

export interface HeapCompactorOptions {
  /** Used heap below this is left alone (default 64 MiB). */
  readonly floorBytes?: number;
  /** Compact only when the used heap is this many times what the last compaction left (default 2). */
  readonly growth?: number;
  /** Shortest time between two compactions (default 60 s). */
  readonly minIntervalMs?: number;
  /** A full collection; default: V8's, through `vm.measureMemory` (see the class comment). */
  readonly collect?: () => Promise<void>;
  /** The used heap now; default: V8's heap statistics. */
  readonly usedBytes?: () => number;
  readonly now?: () => number;
}

export interface HeapCompactorCounters {
  compactions: number;
  /** Used heap before and after the last one, bytes. */
  lastBeforeBytes: number;
  lastAfterBytes: number;
  /** How long the last one took (it blocks the event loop), ms. */
  lastMs: number;
  failures: number;
}

/**
 * One full garbage collection after a burst of start-up work (walking and baselining new
 * workloads), when the heap grew well past what the last one left. Such a burst promotes short-lived
 * walk and hashing objects into V8's old generation; V8 then sizes the heap to that (hundreds of MB
 * for 100k files whose live state is ~50 MB) and, with no idle-time GC in Node, keeps it resident
 * until allocation happens to trigger the next full collection. Nothing live is freed here, so real
 * growth still shows (the next compaction's "after" figure, /probe's heap figures).
 *
 * `vm.measureMemory({ execution: 'eager' })` is Node's one public way to start a full collection
 * (it prints an ExperimentalWarning once), made a compacting one for its duration (see
 * fullCollection); a failure is counted and ignored. It pauses the event loop once for about as
 * long as a full GC of the live set takes (`lastMs`: tens of ms for 50 MB).
 */
export class HeapCompactor {
  readonly counters: HeapCompactorCounters = { compactions: 0, lastBeforeBytes: 0, lastAfterBytes: 0, lastMs: 0, failures: 0 };
  private readonly floorBytes: number;
  private readonly growth: number;
  private readonly minIntervalMs: number;
  private readonly collect: () => Promise<void>;
  private readonly usedBytes: () => number;
  private readonly now: () => number;
  private lastAt = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(options: HeapCompactorOptions = {}) {
    this.floorBytes = options.floorBytes ?? 64 * 1024 * 1024;
    this.growth = options.growth ?? 2;
    this.minIntervalMs = options.minIntervalMs ?? 60_000;
    this.collect = options.collect ?? fullCollection;
    this.usedBytes = options.usedBytes ?? (() => v8.getHeapStatistics().used_heap_size);
    this.now = options.now ?? Date.now;
  }

  /** A burst of work ended: compacts when the heap grew enough since the last time; resolves when done. */
  afterBurst(): Promise<void> {
    if (this.running !== null) return this.running;
    const before = this.usedBytes();
    const now = this.now();
    if (before < this.floorBytes || before < this.growth * this.counters.lastAfterBytes || now - this.lastAt < this.minIntervalMs) return Promise.resolve();
    this.lastAt = now;
    const t0 = performance.now();
    this.running = this.collect().then(
      () => {
        this.counters.lastMs = performance.now() - t0;
        this.counters.compactions += 1;
        this.counters.lastBeforeBytes = before;
        this.counters.lastAfterBytes = this.usedBytes();
      },
      () => {
        this.counters.failures += 1;
      },
    );
    return this.running.finally(() => (this.running = null));
  }
}

async function fullCollection(): Promise<void> {
  // Without compaction the live objects stay spread over the pages the burst filled, and V8 keeps
  // every page that holds one (measured: 128 MB of heap kept for 28 MB live; 61 MB with it). The
  // flag is read per collection and set back right after this one. Not V8's memory-reducing
  // collection (`v8.queryObjects` starts one): that also shrinks the young generation at once, but
  // blocked the event loop 604 ms with 100k watched files and left ~32 MB in malloc; V8's memory
  // reducer shrinks the young generation by itself once allocation has been low for ~15 s.
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    await vm.measureMemory({ mode: 'summary', execution: 'eager' });
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
