import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { decodeValue, Topics, type SchemaTopic } from '@fsmon/contracts';
import type { KafkaMessage } from 'kafkajs';
import { deadLetterCounter, deadLetterHeaders, type DeadLetterCause, type DeadLetterOrigin } from './dead-letter';
import type { EventPublisher } from './event.publisher';
import { headersToStrings } from './kafka-headers';
import { KafkaMessageTooLargeError } from './kafka.errors';
import type { ConsumedMessage, ConsumerStats, HandlerRetryOptions, RawConsumedMessage, RawTopicHandler, RawTopicHandlers, TopicHandler, TopicHandlers } from './topic-consumer.types';

/** `aborted`: the consumer is stopping; the message stays unprocessed and will be redelivered. */
export type ProcessOutcome = 'handled' | 'dead-lettered' | 'aborted';

export interface MessageProcessorDeps {
  groupId: string;
  handlers: TopicHandlers;
  /** Topics handed over undecoded (their owner validates and dead-letters). */
  rawHandlers: RawTopicHandlers;
  retry: Required<HandlerRetryOptions>;
  /** Null for a read-only consumer: what it cannot handle is counted in `stats.skipped` instead. */
  deadLetters: EventPublisher | null;
  /** Aborted when the consumer stops: retries end without dead-lettering. */
  signal: AbortSignal;
  stats: ConsumerStats;
  logger: LoggerService;
}

/** A dead letter the broker refused as too large keeps this many bytes of the original value. */
const TRUNCATED_DEAD_LETTER_BYTES = 64 * 1024;

/** Decodes one message, runs its handler with bounded retries, dead-letters what cannot be handled. */
export class MessageProcessor {
  private readonly counter = deadLetterCounter();

  constructor(private readonly deps: MessageProcessorDeps) {}

  /** @throws KafkaError when a dead letter cannot be published (the batch must not be committed). */
  async process(topic: SchemaTopic, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<ProcessOutcome> {
    const headers = headersToStrings(message.headers);
    const origin: DeadLetterOrigin = { topic, partition, offset: message.offset, groupId: this.deps.groupId, headers };
    const base = {
      topic,
      partition,
      offset: message.offset,
      key: message.key === null ? null : message.key.toString('utf8'),
      headers,
      timestamp: message.timestamp,
    };
    let consumed: ConsumedMessage | RawConsumedMessage;
    let handler: (m: never) => Promise<void> | void;
    const raw = this.deps.rawHandlers[topic] as RawTopicHandler<SchemaTopic> | undefined;
    if (raw !== undefined) {
      consumed = { ...base, value: message.value, keyBytes: message.key };
      handler = raw;
    } else {
      const decoded = decodeValue(topic, message.value);
      if (!decoded.ok) {
        await this.deadLetter(message, origin, decoded.reason, decoded.cause);
        return 'dead-lettered';
      }
      consumed = { ...base, value: decoded.value };
      handler = this.deps.handlers[topic] as TopicHandler<SchemaTopic>;
    }
    const { retries, initialDelayMs, maxDelayMs } = this.deps.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(consumed as never);
        return 'handled';
      } catch (e) {
        this.deps.stats.handlerErrors++;
        this.deps.stats.lastError = `${topic}[${partition}]@${message.offset}: ${(e as Error).message}`;
        if (this.deps.signal.aborted) return 'aborted';
        if (attempt > retries) {
          await this.deadLetter(message, origin, `handler failed after ${attempt} attempts: ${(e as Error).message}`, 'handler-error');
          return 'dead-lettered';
        }
        this.deps.logger.warn(`handler for ${topic}[${partition}]@${message.offset} failed (attempt ${attempt}), retrying: ${(e as Error).message}`);
        const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
        if (!(await abortableSleep(delay, this.deps.signal))) return 'aborted';
        await heartbeat();
      }
    }
  }

  /** A dead letter for a message a raw handler's owner rejected (see TopicConsumer.deadLetter). */
  deadLetterRaw(m: RawConsumedMessage, reason: string, cause: DeadLetterCause): Promise<void> {
    const origin: DeadLetterOrigin = { topic: m.topic, partition: m.partition, offset: m.offset, groupId: this.deps.groupId, headers: m.headers };
    return this.deadLetter({ key: m.keyBytes, value: m.value }, origin, reason, cause);
  }

  private async deadLetter(message: Pick<KafkaMessage, 'key' | 'value'>, origin: DeadLetterOrigin, reason: string, cause: DeadLetterCause): Promise<void> {
    const deadLetters = this.deps.deadLetters;
    if (deadLetters === null) {
      this.deps.stats.skipped++;
      this.deps.logger.warn(`skipped ${origin.topic}[${origin.partition}]@${origin.offset} (${cause}): ${reason}`);
      return;
    }
    try {
      await deadLetters.publishRaw(Topics.DeadLetters, { key: message.key, value: message.value, headers: deadLetterHeaders(origin, reason) });
    } catch (e) {
      if (!(e instanceof KafkaMessageTooLargeError) || message.value === null) throw e;
      const truncated = `${reason} (value truncated from ${message.value.length} to ${TRUNCATED_DEAD_LETTER_BYTES} bytes: the broker refused the full dead letter)`;
      await deadLetters.publishRaw(Topics.DeadLetters, {
        key: message.key,
        value: message.value.subarray(0, TRUNCATED_DEAD_LETTER_BYTES),
        headers: deadLetterHeaders(origin, truncated),
      });
    }
    this.counter.inc({ topic: origin.topic, cause });
    this.deps.stats.deadLettered++;
    this.deps.logger.warn(`dead-lettered ${origin.topic}[${origin.partition}]@${origin.offset} (${cause}): ${reason}`);
  }
}

async function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
