import type { ParsedPosition } from './source-position';

/**
 * The highest offset accepted per partition. With the live windows' pins it gives what may be
 * committed: per partition, the lowest pinned offset (that batch must be read again), or the
 * highest accepted offset + 1 when nothing there is pinned.
 */
export class CommitTracker {
  private readonly seen = new Map<number, bigint>();

  accepted(pos: ParsedPosition): void {
    const high = this.seen.get(pos.partition);
    if (high === undefined || pos.offset > high) this.seen.set(pos.partition, pos.offset);
  }

  safeOffsets(windows: { forEach(fn: (window: { readonly pins: ReadonlyMap<number, bigint> }) => void): void }): Map<number, string> {
    const next = new Map<number, bigint>();
    for (const [partition, high] of this.seen) next.set(partition, high + 1n);
    // forEach, not for-of: this walks every live window (thousands), and for-of would allocate an
    // iterator and an entry pair per window.
    const lower = (offset: bigint, partition: number) => {
      const current = next.get(partition);
      if (current !== undefined && offset < current) next.set(partition, offset);
    };
    windows.forEach((window) => window.pins.forEach(lower));
    return new Map([...next].map(([p, o]) => [p, o.toString()]));
  }

  /** Forgets revoked partitions: their new owner resumes from the committed offset. */
  drop(partitions: ReadonlySet<number>): void {
    for (const p of partitions) this.seen.delete(p);
  }
}
