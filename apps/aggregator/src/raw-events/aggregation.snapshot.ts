import type { AggregatorMetrics } from '@fsmon/aggregator-domain';
import type { ConsumerStats } from '@fsmon/kafka';
import type { OutboxStats } from '../reports/report-outbox.types';

/** One instance's state for /health and /metrics. */
export interface AggregationSnapshot {
  /** This instance's Kafka client id. */
  member: string;
  engine: AggregatorMetrics;
  /** The engine's worker threads: how many, commands queued to them, replaced after crashes, and why they stopped for good. */
  engineStage: { workers: number; queued: number; restarts: number; failure?: string };
  outbox: OutboxStats & { pending: number; lastError?: string };
  consumer: ConsumerStats;
  /** Raw-event messages (batches) accepted. */
  batchesIn: number;
  /** Group joins that dropped live windows to rebuild them from the committed offsets. */
  resyncs: number;
  /** Consumers replaced after kafkajs gave up on them. */
  consumerRestarts: number;
  /** Messages fetched after shutdown began, left for the next owner. */
  skippedWhileStopping: number;
  /** Gap events logged. */
  gapEvents: number;
  /** Per partition, the next offset this instance will read (since its last join). */
  positions: Map<number, bigint>;
  rebalancing: boolean;
  stopping: boolean;
}
