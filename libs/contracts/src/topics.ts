/**
 * Every Kafka topic fsmon uses. A name carries its schema version: a breaking payload change gets a
 * new topic (`.v2`) so old and new producers never share one. The one exception is a new wire form
 * of the same data, tagged in the value (raw events' `schema`: 1 or 2), that every consumer decodes
 * into one form: consumers read both before any producer writes the new one, so consumers are
 * upgraded first (a batch no consumer can read still reaches the dead-letter topic, never lost).
 */
export const Topics = {
  /** Coalesced, classified file events from collectors; key = `<hostId>/<containerId|host>`. */
  RawEvents: 'fsmon.raw-events.v1',
  /** MonitorMessages from the aggregator; key = `<hostId>/<containerId|host>`. */
  Reports: 'fsmon.reports.v1',
  /** One group's full policy (profile + access rules); key = group name, latest per key wins. */
  Policy: 'fsmon.policy.v1',
  /** Apps learned in Discover mode; key = collector id. */
  LearnedRules: 'fsmon.learned-rules.v1',
  /** Collector heartbeat and status; key = collector id. */
  CollectorStatus: 'fsmon.collector-status.v1',
  /** Messages no consumer could accept, value unchanged, reason in headers; key = original key. */
  DeadLetters: 'fsmon.dead-letters.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Partitions per topic. More partitions for the high-volume raw stream (consumer parallelism, and
 * the per-partition retention limit of small brokers); one for policy so revisions stay ordered.
 */
export const TopicPartitions: Record<TopicName, number> = {
  [Topics.RawEvents]: 8,
  [Topics.Reports]: 4,
  [Topics.Policy]: 1,
  [Topics.LearnedRules]: 2,
  [Topics.CollectorStatus]: 2,
  [Topics.DeadLetters]: 2,
};

export const AllTopics: readonly TopicName[] = Object.values(Topics);

/** Headers set on a dead-lettered message. */
export const DeadLetterHeaders = {
  Reason: 'x-dlq-reason',
  OriginalTopic: 'x-dlq-original-topic',
  OriginalPartition: 'x-dlq-original-partition',
  OriginalOffset: 'x-dlq-original-offset',
  ConsumerGroup: 'x-dlq-consumer-group',
  FailedAt: 'x-dlq-failed-at',
} as const;
