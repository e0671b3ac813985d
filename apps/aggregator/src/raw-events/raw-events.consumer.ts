import { Logger } from '@nestjs/common';
import { Topics } from '@fsmon/contracts';
import { TopicConsumer, type ConsumerStats, type ConsumerStatus, type DeadLetterCause, type EventPublisher, type KafkaClient, type KafkaConsumerRegistry, type RawConsumedMessage, type RawTopicHandler } from '@fsmon/kafka';
import type { AggregatorSettings } from '../aggregator.env';
import type { SafeOffsets } from '../reports/report-outbox.types';

export type RawEventsHandler = RawTopicHandler<typeof Topics.RawEvents>;

/**
 * The raw-events consumer of the aggregator group: offsets are committed only when the owner says
 * (`commits: 'caller'`); messages are handed over undecoded (the engine's workers decode and
 * validate them) and the owner dead-letters what they reject through `deadLetter`.
 * kafkajs gives up for good on some errors (e.g. a broker answering a join with INVALID_REQUEST);
 * `replace()` swaps in a fresh consumer then.
 */
export class RawEventsConsumer {
  private consumer: TopicConsumer;
  private crashedAt?: number;
  private readonly logger = new Logger(RawEventsConsumer.name);

  constructor(
    private readonly kafka: KafkaClient,
    private readonly deadLetters: EventPublisher,
    private readonly registry: KafkaConsumerRegistry,
    private readonly settings: AggregatorSettings['kafka'],
    private readonly handler: RawEventsHandler,
    private readonly onStatus: (status: ConsumerStatus) => void,
  ) {
    this.consumer = this.create();
  }

  get status(): ConsumerStatus {
    return this.consumer.status;
  }

  stats(): ConsumerStats {
    return this.consumer.stats();
  }

  /** Raw-event partitions this member holds since its last join. */
  assignment(): number[] {
    return this.consumer.stats().assignment[Topics.RawEvents] ?? [];
  }

  /** How long the consumer has been crashed (0 when it is not). */
  crashedForMs(now = Date.now()): number {
    return this.crashedAt === undefined ? 0 : now - this.crashedAt;
  }

  /** Resolves once the group is joined. @throws KafkaUnavailableError */
  start(): Promise<void> {
    return this.consumer.start();
  }

  /** Stops the current consumer and starts a new one in the same group (it re-reads from the committed offsets). */
  async replace(): Promise<void> {
    const old = this.consumer;
    this.registry.remove(old);
    this.consumer = this.create();
    this.crashedAt = undefined;
    await old.stop().catch((e: unknown) => this.logger.warn(`stopping the crashed consumer: ${(e as Error).message}`));
    await this.consumer.start().catch((e: unknown) => this.logger.error(`replacement consumer not joined yet: ${(e as Error).message}`));
  }

  /** Commits `offsets` (next offset to read, per partition). @throws KafkaCommitError, KafkaClosedError */
  async commit(offsets: SafeOffsets): Promise<void> {
    const consumer = this.consumer;
    for (const [partition, next] of offsets) {
      const last = BigInt(next) - 1n;
      if (last >= 0n) await consumer.commit(Topics.RawEvents, partition, last.toString());
    }
  }

  /** Sends a raw-events message to the dead-letter topic (counted). @throws KafkaError */
  deadLetter(message: RawConsumedMessage, reason: string, cause: DeadLetterCause): Promise<void> {
    return this.consumer.deadLetter(message, reason, cause);
  }

  /** Lets the message in progress finish, then leaves the group. */
  async stop(): Promise<void> {
    this.registry.remove(this.consumer);
    await this.consumer.stop();
  }

  private create(): TopicConsumer {
    const consumer: TopicConsumer = new TopicConsumer(this.kafka, {
      groupId: this.settings.groupId,
      rawHandlers: { [Topics.RawEvents]: this.handler },
      commits: 'caller',
      retry: { retries: 0 },
      sessionTimeoutMs: this.settings.sessionTimeoutMs,
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
      maxWaitTimeInMs: this.settings.maxWaitTimeInMs,
      deadLetters: this.deadLetters,
      logger: this.logger,
      onStatus: (status) => {
        if (consumer !== this.consumer) return;
        if (status === 'crashed') this.crashedAt ??= Date.now();
        else this.crashedAt = undefined;
        this.onStatus(status);
      },
    });
    this.registry.add(consumer);
    return consumer;
  }
}
