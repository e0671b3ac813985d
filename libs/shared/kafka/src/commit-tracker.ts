/** An offset to commit: the next offset the group should read from `partition` of `topic`. */
export interface CommitPoint {
  topic: string;
  partition: number;
  offset: string;
}

interface PartitionProgress {
  /** Offsets handed to an owner who has not committed them yet, ascending. */
  awaiting: bigint[];
  /** One past the last offset processed. */
  processedUpTo: bigint;
  committed: bigint | null;
}

/**
 * Decides which offsets are safe to commit (at-least-once). Messages of a partition are processed
 * in order; an offset is safe once every earlier message was either finished by the consumer
 * (`finished`) or released by its owner (`release`).
 */
export class CommitTracker {
  private readonly partitions = new Map<string, PartitionProgress>();

  /** The consumer is done with `offset` (handled in after-handler mode, or dead-lettered). */
  finished(topic: string, partition: number, offset: string): void {
    this.progress(topic, partition).processedUpTo = BigInt(offset) + 1n;
  }

  /** `offset` went to an owner who commits it later through `release`. */
  handedOver(topic: string, partition: number, offset: string): void {
    const p = this.progress(topic, partition);
    p.awaiting.push(BigInt(offset));
    p.processedUpTo = BigInt(offset) + 1n;
  }

  /** The owner is done with every message of the partition up to and including `offset`. */
  release(topic: string, partition: number, offset: string): void {
    const p = this.partitions.get(key(topic, partition));
    if (!p) return;
    const upTo = BigInt(offset);
    p.awaiting = p.awaiting.filter((o) => o > upTo);
  }

  /** Commit points that moved past the last committed ones. */
  due(): CommitPoint[] {
    const points: CommitPoint[] = [];
    for (const [k, p] of this.partitions) {
      const safe = p.awaiting.length > 0 ? p.awaiting[0] : p.processedUpTo;
      if (p.committed === null || safe > p.committed) {
        const [topic, partition] = parseKey(k);
        points.push({ topic, partition, offset: safe.toString() });
      }
    }
    return points;
  }

  /** Records a successful commit of `points`. */
  committed(points: readonly CommitPoint[]): void {
    for (const point of points) {
      const p = this.partitions.get(key(point.topic, point.partition));
      const offset = BigInt(point.offset);
      if (p && (p.committed === null || offset > p.committed)) p.committed = offset;
    }
  }

  /** Forgets everything (after a rebalance the group re-reads from its committed offsets). */
  reset(): void {
    this.partitions.clear();
  }

  private progress(topic: string, partition: number): PartitionProgress {
    const k = key(topic, partition);
    let p = this.partitions.get(k);
    if (!p) {
      p = { awaiting: [], processedUpTo: 0n, committed: null };
      this.partitions.set(k, p);
    }
    return p;
  }
}

function key(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

function parseKey(k: string): [string, number] {
  const colon = k.indexOf(':');
  return [k.slice(colon + 1), Number(k.slice(0, colon))];
}
