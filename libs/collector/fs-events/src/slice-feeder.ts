/** One read buffer waiting on the main thread: decoded when its turn comes, released when fully handed on. */
export interface FeedUnit<E> {
  decode(): E[];
  /** The buffer is done with: the reader may read on (it stops at maxInFlight unreleased buffers). */
  release(): void;
}

export interface SliceFeederOptions {
  /** Events handed on per call (default 256: about 1 ms of collector work). */
  readonly sliceEvents?: number;
  /** Longest run of slices before the event loop gets a turn (default 4 ms). */
  readonly budgetMs?: number;
}

/**
 * Hands read buffers to the consumer in slices and yields (setImmediate) between runs of slices,
 * so a burst of full buffers (the reader may hand over dozens at once) never blocks the event loop
 * for longer than about `budgetMs`: timers, HTTP and permission work keep running during a drain.
 * Order is kept (buffers FIFO, events in kernel order); a buffer is decoded only when its turn
 * comes and released only after its last slice, so the reader's maxInFlight bounds the memory of
 * everything read but not yet handled.
 */
export class SliceFeeder<E> {
  private readonly queue: Array<FeedUnit<E>> = [];
  private current: E[] | null = null;
  private offset = 0;
  private scheduled = false;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly sliceEvents: number;
  private readonly budgetMs: number;
  /** Turns given back to the event loop in the middle of the work (for counters and tests). */
  yields = 0;
  /** Buffers whose decoder threw (a bug: decoders count bad records and return): their events are lost. */
  decodeFailures = 0;

  constructor(
    private readonly deliver: (slice: E[]) => void,
    options: SliceFeederOptions = {},
  ) {
    this.sliceEvents = options.sliceEvents ?? 256;
    this.budgetMs = options.budgetMs ?? 4;
  }

  /** Units queued or in progress. */
  get depth(): number {
    return this.queue.length;
  }

  add(unit: FeedUnit<E>): void {
    this.queue.push(unit);
    this.schedule();
  }

  /** Resolves once every unit added so far has been handed on and released. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const until = performance.now() + this.budgetMs;
    while (this.queue.length > 0) {
      const unit = this.queue[0];
      let events = this.current;
      if (events === null) {
        try {
          events = unit.decode();
        } catch {
          this.decodeFailures++; // counted, and the queue never stalls on it
          events = [];
        }
        this.current = events;
        this.offset = 0;
      }
      if (this.offset < events.length) {
        const end = Math.min(events.length, this.offset + this.sliceEvents);
        const slice = this.offset === 0 && end === events.length ? events : events.slice(this.offset, end);
        this.offset = end;
        this.deliver(slice);
      }
      if (this.offset >= events.length) {
        this.queue.shift();
        this.current = null;
        unit.release();
      }
      if (performance.now() >= until) break;
    }
    if (this.queue.length > 0) {
      this.yields++;
      this.schedule();
    } else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
