/** A region of a HandOverRing: bytes [at, at + length). */
export interface RingRegion {
  at: number;
  length: number;
}

/**
 * Memory shared with one engine worker, handed out in regions and given back in the order they
 * were taken (the worker replies to batches in order), so it is used as a ring.
 *
 * Why shared memory rather than a buffer moved to the worker and back with each batch: every
 * ArrayBuffer that arrives in a thread is new external memory to that thread's V8 heap, and V8
 * starts a full (mark-compact) collection of the whole heap whenever external memory has grown by
 * a few megabytes since the last one. Moving 4 MiB buffers back and forth made the consuming thread
 * run one every ~60 ms, its marking ~50 ms of CPU on V8's helper threads each time; one
 * SharedArrayBuffer given to the worker at its start never arrives again.
 */
export class HandOverRing {
  readonly buffer: SharedArrayBuffer;
  /** Regions taken and not yet given back, oldest first. */
  private readonly taken: RingRegion[] = [];

  constructor(readonly capacity: number) {
    this.buffer = new SharedArrayBuffer(capacity);
  }

  /** A free region of `length` bytes after the ones taken, or undefined when there is none (the caller uses memory of its own). */
  take(length: number): RingRegion | undefined {
    const region = this.place(length);
    if (region !== undefined) this.taken.push(region);
    return region;
  }

  /** Gives back the oldest region taken. */
  giveBack(): void {
    this.taken.shift();
  }

  private place(length: number): RingRegion | undefined {
    if (length > this.capacity) return undefined;
    const first = this.taken[0];
    const last = this.taken[this.taken.length - 1];
    if (first === undefined || last === undefined) return { at: 0, length };
    const end = last.at + last.length;
    if (last.at >= first.at) {
      // Not wrapped: free space after the last region, then before the first.
      if (this.capacity - end >= length) return { at: end, length };
      if (first.at >= length) return { at: 0, length };
      return undefined;
    }
    // Wrapped: the free space lies between the last region and the first.
    return first.at - end >= length ? { at: end, length } : undefined;
  }
}
