/** Receives a batch of events, in kernel order. A throw is counted by the source, never rethrown. */
export type BatchHandler<T> = (batch: T[]) => void;

/**
 * Delivers batches to one consumer: a callback, or an async iterator. The iterator queue is bounded:
 * past `highWater` queued batches the source is paused (the kernel queue then absorbs the burst, and
 * overflows visibly if it must) and resumed once the consumer has caught up.
 */
export class BatchStream<T> implements AsyncIterable<T[]> {
  private handler: BatchHandler<T> | null = null;
  private readonly queue: T[][] = [];
  private waiter: ((r: IteratorResult<T[]>) => void) | null = null;
  private ended = false;
  private paused = false;
  callbackErrors = 0;

  constructor(
    private readonly flow: { pause(): void; resume(): void },
    private readonly highWater = 64,
  ) {}

  /** Sends every later batch to `handler` (instead of the iterator). */
  onBatch(handler: BatchHandler<T>): void {
    this.handler = handler;
  }

  push(batch: T[]): void {
    if (batch.length === 0 || this.ended) return;
    if (this.handler !== null) {
      try {
        this.handler(batch);
      } catch {
        this.callbackErrors++;
      }
      return;
    }
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: batch, done: false });
      return;
    }
    this.queue.push(batch);
    if (!this.paused && this.queue.length >= this.highWater) {
      this.paused = true;
      this.flow.pause();
    }
  }

  /** No more batches: a waiting iterator finishes once the queue is drained. */
  end(): void {
    this.ended = true;
    if (this.waiter !== null && this.queue.length === 0) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T[]> {
    return {
      next: () => {
        const batch = this.queue.shift();
        if (batch !== undefined) {
          if (this.paused && this.queue.length <= this.highWater / 2) {
            this.paused = false;
            this.flow.resume();
          }
          return Promise.resolve({ value: batch, done: false });
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiter = resolve));
      },
      return: () => {
        this.end();
        this.queue.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
