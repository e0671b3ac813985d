/** The engine's only source of time: milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** Wall-clock time, for the app. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to; lets tests drive every window without sleeping. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse('2025-01-01T00:00:00.000Z')) {}

  now(): number {
    return this.ms;
  }

  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`a clock cannot go back (${ms} ms)`);
    this.ms += ms;
  }
}
