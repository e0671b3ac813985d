import { encodeValue, type SchemaTopic, type TopicInput } from '@fsmon/contracts';
import { CompressionTypes, Partitioners, type Message, type Producer } from 'kafkajs';
import type { KafkaClient } from './create-kafka';
import { toKafkaError } from './kafka-error.mapper';
import { KafkaClosedError, KafkaPayloadError } from './kafka.errors';

/** One message for a contract topic; `key` decides the partition (one key, one partition, in order). */
export interface PublishMessage<T extends SchemaTopic> {
  key: string;
  value: TopicInput<T>;
  headers?: Record<string, string>;
}

/** A message sent as-is (dead letters carry the original bytes). */
export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: Record<string, string | Buffer>;
}

export interface EventPublisherOptions {
  /** Retries of one send before it rejects (default 3); kafkajs's idempotent default is unbounded. */
  retries?: number;
  initialRetryTimeMs?: number;
  maxRetryTimeMs?: number;
  /** Sends whose values total more than this are GZIP-compressed (default 64 KiB). */
  gzipAboveBytes?: number;
}

/** `connected` after connect; `unavailable` after a send failed for lack of a broker, until one succeeds. */
export type PublisherState = 'idle' | 'connected' | 'unavailable' | 'closed';

/**
 * Publishes to fsmon's topics with an idempotent producer (acks from all in-sync replicas, no
 * duplicates from its own retries). A promise resolves only once the broker acknowledged every
 * message of the call. Values are validated against the topic's contract before anything is sent.
 *
 * Errors (all `KafkaError`, with `code`): `KafkaPayloadError` (a value fails its schema; nothing was
 * sent), `KafkaUnavailableError` (no broker within the bounded retries; retry later),
 * `KafkaMessageTooLargeError`, `KafkaPublishError`, `KafkaClosedError` (after disconnect()).
 * Bounding the retries trades strict exactly-once across a long outage for callers that learn of
 * the outage: a re-send after a rejection may duplicate messages the broker had in fact taken.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly gzipAboveBytes: number;
  private connecting?: Promise<void>;
  private current: PublisherState = 'idle';

  constructor(kafka: KafkaClient, opts: EventPublisherOptions = {}) {
    this.gzipAboveBytes = opts.gzipAboveBytes ?? 64 * 1024;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: opts.retries ?? 3, initialRetryTime: opts.initialRetryTimeMs ?? 200, maxRetryTime: opts.maxRetryTimeMs ?? 2000 },
    });
  }

  get state(): PublisherState {
    return this.current;
  }

  /** Connects (and gets a producer id). Concurrent calls share one attempt. */
  async connect(): Promise<void> {
    if (this.current === 'closed') throw new KafkaClosedError('publisher is closed');
    this.connecting ??= this.producer.connect().then(
      () => {
        this.current = 'connected';
      },
      (e: unknown) => {
        this.connecting = undefined;
        this.current = 'unavailable';
        throw toKafkaError(e, 'connect producer');
      },
    );
    return this.connecting;
  }

  /** Validates, serializes and sends; resolves when the broker acknowledged all of them. */
  async publish<T extends SchemaTopic>(topic: T, messages: readonly PublishMessage<T>[]): Promise<void> {
    const encoded = messages.map((m, index): Message => {
      try {
        return { key: m.key, value: encodeValue(topic, m.value), headers: m.headers };
      } catch (e) {
        throw new KafkaPayloadError(topic, index, (e as Error).message, { cause: e });
      }
    });
    await this.send(topic, encoded);
  }

  /** Sends values unvalidated (dead letters, tests of bad input). */
  async publishRaw(topic: string, messages: RawMessage | readonly RawMessage[]): Promise<void> {
    await this.send(topic, (Array.isArray(messages) ? messages : [messages]) as Message[]);
  }

  /** Idempotent; pending sends finish first (kafkajs waits for them). */
  async disconnect(): Promise<void> {
    if (this.current === 'closed') return;
    this.current = 'closed';
    await this.producer.disconnect();
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const bytes = messages.reduce((n, m) => n + (m.value?.length ?? 0), 0);
    try {
      await this.producer.send({
        topic,
        messages,
        acks: -1,
        compression: bytes > this.gzipAboveBytes ? CompressionTypes.GZIP : CompressionTypes.None,
      });
      if (this.current === 'unavailable') this.current = 'connected';
    } catch (e) {
      const error = this.current === 'closed' ? new KafkaClosedError('publisher closed during send', { cause: e }) : toKafkaError(e, `publish to ${topic}`);
      if (error.code === 'KAFKA_UNAVAILABLE') this.current = 'unavailable';
      throw error;
    }
  }
}
