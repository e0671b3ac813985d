import type { LoggerService } from '@nestjs/common';
import type { SchemaTopic, TopicValue } from '@fsmon/contracts';
import type { EventPublisher } from './event.publisher';

/** A message whose value passed its topic's contract. */
export interface ConsumedMessage<T extends SchemaTopic = SchemaTopic> {
  topic: T;
  partition: number;
  /** Kafka offset (an int64 as a decimal string). */
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** Broker or producer timestamp, ms since the epoch as a string. */
  timestamp: string;
  value: TopicValue<T>;
}

/** Resolve when done with the message; a throw is retried, then dead-lettered. */
export type TopicHandler<T extends SchemaTopic> = (message: ConsumedMessage<T>) => Promise<void> | void;

/** One handler per subscribed contract topic. */
export type TopicHandlers = { [T in SchemaTopic]?: TopicHandler<T> };

/**
 * A message handed over as stored, not decoded (`rawHandlers`): its owner validates it (e.g. with
 * `decodeValue`, off the consuming thread) and dead-letters what fails through
 * `TopicConsumer.deadLetter`.
 */
export interface RawConsumedMessage<T extends SchemaTopic = SchemaTopic> extends Omit<ConsumedMessage<T>, 'value'> {
  value: Buffer | null;
  /** The key as stored (what a dead letter carries). */
  keyBytes: Buffer | null;
}

/** Like TopicHandler, for an undecoded message: a throw is retried, then dead-lettered. */
export type RawTopicHandler<T extends SchemaTopic> = (message: RawConsumedMessage<T>) => Promise<void> | void;

export type RawTopicHandlers = { [T in SchemaTopic]?: RawTopicHandler<T> };

/**
 * Who commits offsets.
 * - `after-handler`: the consumer commits a message once its handler resolved (or it was
 *   dead-lettered), at the end of each fetched batch.
 * - `caller`: a handled message stays uncommitted until the owner calls `commit(topic, partition,
 *   offset)` (e.g. once its events are in a published report). Dead-lettered messages are committed
 *   by the consumer as soon as no earlier message of the partition awaits the owner.
 */
export type CommitMode = 'after-handler' | 'caller';

export interface HandlerRetryOptions {
  /** Retries after the first failed attempt (default 3); then the message is dead-lettered. */
  retries?: number;
  /** Backoff before the first retry, doubled each time up to maxDelayMs (defaults 200 / 5000). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface TopicConsumerOptions {
  groupId: string;
  /** Handlers of decoded, validated values; every subscribed topic needs one here or in `rawHandlers`. */
  handlers?: TopicHandlers;
  /**
   * Topics whose owner decodes and validates the values itself (no decode on the consuming thread):
   * their handler gets the stored bytes. Takes precedence over `handlers` for the same topic.
   */
  rawHandlers?: RawTopicHandlers;
  commits?: CommitMode;
  /** Where a new group starts: earliest (default true) or only new messages. */
  fromBeginning?: boolean;
  retry?: HandlerRetryOptions;
  /** Group session timeout (default 30000; tests against the embedded broker use 6000). */
  sessionTimeoutMs?: number;
  /** Default: a third of the session timeout. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data (default 200): also bounds how long disconnect() takes. */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  /** Publisher for dead letters; by default the consumer creates (and closes) its own. */
  deadLetters?: EventPublisher;
  /**
   * A viewer that is not the topic's owner (the CLI's `reports tail`): it never writes to Kafka.
   * A message it cannot handle is counted in `skipped` and logged, not dead-lettered: the owner's
   * consumer group dead-letters it once, a viewer would add a copy on every run.
   */
  readOnly?: boolean;
  logger?: LoggerService;
  /** Called on every status change. */
  onStatus?: (status: ConsumerStatus) => void;
}

/**
 * `connecting` until the group is joined; `rebalancing` while it re-joins; `crashed` after kafkajs
 * gave up on an error (it restarts by itself when it can); `stopped` after stop().
 */
export type ConsumerStatus = 'idle' | 'connecting' | 'connected' | 'rebalancing' | 'crashed' | 'stopped';

export interface ConsumerStats {
  groupId: string;
  topics: SchemaTopic[];
  status: ConsumerStatus;
  /** Messages fetched (valid or not). */
  messagesIn: number;
  /** Messages sent to the dead-letter topic. */
  deadLettered: number;
  /** Messages a `readOnly` consumer could not handle and passed over (counted and logged). */
  skipped: number;
  /** Handler attempts that threw (including those later dead-lettered). */
  handlerErrors: number;
  /** Partitions this member was given at its last join, by topic. */
  assignment: Record<string, number[]>;
  lastError?: string;
}
