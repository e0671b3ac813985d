import type { LoggerService } from '@nestjs/common';
import { Topics } from '@fsmon/contracts';
import type { KafkaClient } from '@fsmon/kafka';

/** Per partition: messages not yet read by this member, and read but not yet committed. */
export interface PartitionLag {
  lag: number;
  uncommitted: number;
}

export interface PartitionLagSource {
  /** Partitions this member holds. */
  assignment(): number[];
  /** Next offset this member will read, per partition it has read since its last join. */
  positions(): Map<number, bigint>;
}

/**
 * Refreshes the raw-event partitions' lag every `refreshMs` from the broker's high watermarks and
 * the group's committed offsets (ListOffsets and OffsetFetch, which the embedded broker supports).
 * A failed refresh keeps the previous figures and is retried at the next period.
 */
export class PartitionLagReader {
  private admin?: ReturnType<KafkaClient['admin']>;
  private timer?: NodeJS.Timeout;
  private current = new Map<number, PartitionLag>();
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly groupId: string,
    private readonly source: PartitionLagSource,
    private readonly refreshMs: number,
    private readonly logger: LoggerService,
  ) {}

  values(): ReadonlyMap<number, PartitionLag> {
    return this.current;
  }

  start(): void {
    if (this.refreshMs > 0) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.admin?.disconnect().catch(() => undefined);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.refresh().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule();
      });
    }, this.refreshMs);
  }

  private async refresh(): Promise<void> {
    const assigned = this.source.assignment();
    if (assigned.length === 0) {
      this.current = new Map();
      return;
    }
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const topic = Topics.RawEvents;
      const ends = await this.admin.fetchTopicOffsets(topic);
      const [group] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const committed = new Map(group.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      const positions = this.source.positions();
      const next = new Map<number, PartitionLag>();
      for (const end of ends.filter((e) => assigned.includes(e.partition))) {
        const low = BigInt(end.low);
        const done = committed.get(end.partition) ?? -1n;
        const base = done < low ? low : done;
        const position = positions.get(end.partition) ?? base;
        next.set(end.partition, { lag: Math.max(0, Number(BigInt(end.high) - position)), uncommitted: Math.max(0, Number(position - base)) });
      }
      this.current = next;
    } catch (e) {
      this.logger.debug?.(`lag refresh failed: ${(e as Error).message}`);
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
    }
  }
}
