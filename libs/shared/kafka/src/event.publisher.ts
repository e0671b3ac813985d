import { Logger, type LoggerService } from '@nestjs/common';
import { encodeValue, type SchemaTopic, type TopicInput } from '@fsmon/contracts';
import { CompressionTypes, type Message, type ProducerRecord } from 'kafkajs';
import { settingsOf } from './client-settings';
import type { KafkaClient } from './create-kafka';
import { freshProducerReason, toKafkaError } from './kafka-error.mapper';
import { KeyCachingPartitioner } from './key-partitioner';
import { KafkaClosedError, KafkaPayloadError, KafkaUnavailableError, type KafkaError } from './kafka.errors';
import { ProducerSlot, SlotRetiredError } from './producer-slot';

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
  /**
   * Longest wait before a replacement producer connects (default 5000). The first replacement
   * connects at once; while replacements follow each other without a delivery in between, the wait
   * doubles from `initialRetryTimeMs` up to this.
   */
  maxReconnectDelayMs?: number;
  /** Where producer replacements are reported (default Nest's Logger, context EventPublisher). */
  logger?: LoggerService;
}

/** Counters since the publisher was made (for /status and /metrics). */
export interface PublisherStats {
  /** Sends the broker acknowledged. */
  sent: number;
  /** Sends that rejected: their caller still holds the messages. */
  failed: number;
  /** Producers replaced by a new one (a request timed out, or the broker refused the producer id). */
  reconnects: number;
  /** Sends repeated on a replacement producer within the same call. */
  resent: number;
  lastError?: string;
}

/** `connected` after connect; `unavailable` after a send failed for lack of a broker, until one succeeds. */
export type PublisherState = 'idle' | 'connected' | 'unavailable' | 'closed';

/** How long disconnect() waits for producers retired earlier, whose last sends may hang on a dead connection. */
const RETIRED_CLOSE_WAIT_MS = 2000;

/**
 * Publishes to fsmon's topics with an idempotent producer (acks from all in-sync replicas, no
 * duplicates from its own retries). A promise resolves only once the broker acknowledged every
 * message of the call. Values are validated against the topic's contract before anything is sent.
 *
 * Errors (all `KafkaError`, with `code`): `KafkaPayloadError` (a value fails its schema; nothing was
 * sent), `KafkaUnavailableError` (no broker within the bounded retries; retry later),
 * `KafkaMessageTooLargeError`, `KafkaPublishError`, `KafkaClosedError` (after disconnect()).
 *
 * Dead connections: kafkajs never drops a connection whose request timed out (tulios/kafkajs#919),
 * so after a network partition, or a broker host gone without closing its sockets, every send
 * would time out for good. When a request of the producer times out (or the broker refuses its
 * producer id), the publisher retires that producer and makes a new one, with new connections; a
 * send that was waiting on the old one is sent again on the new one, once per call.
 *
 * Duplicates: bounding the retries trades strict exactly-once across a long outage for callers
 * that learn of the outage: a re-send after a rejection may duplicate messages the broker had in
 * fact taken. A replacement producer has a new producer id, so the broker cannot recognise a
 * message sent again on it: each send in flight on a retired producer may be delivered twice (once
 * if the old connection still delivers it after all, once on the new producer), no more.
 */
export class EventPublisher {
  private slot: ProducerSlot;
  private readonly gzipAboveBytes: number;
  private readonly ackTimeoutMs: number;
  private readonly retiring = new Set<ProducerSlot>();
  private readonly counters: PublisherStats = { sent: 0, failed: 0, reconnects: 0, resent: 0 };
  private readonly logger: LoggerService;
  private replacementsInARow = 0;
  private current: PublisherState = 'idle';

  constructor(
    private readonly kafka: KafkaClient,
    private readonly opts: EventPublisherOptions = {},
  ) {
    this.gzipAboveBytes = opts.gzipAboveBytes ?? 64 * 1024;
    this.logger = opts.logger ?? new Logger(EventPublisher.name);
    // The broker's answer to an unreplicated Produce must come before the client gives up on it.
    this.ackTimeoutMs = Math.max(1000, settingsOf(kafka).requestTimeoutMs - 2000);
    this.slot = this.newSlot(0);
  }

  get state(): PublisherState {
    return this.current;
  }

  get stats(): PublisherStats {
    return { ...this.counters };
  }

  /** Connects (and gets a producer id). Concurrent calls share one attempt. */
  async connect(): Promise<void> {
    for (;;) {
      if (this.isClosed()) throw new KafkaClosedError('publisher is closed');
      if (this.slot.isStale) this.replace(this.slot, 'request-timeout');
      const slot = this.slot;
      const connecting = !slot.isConnected;
      try {
        await slot.connect();
      } catch (e) {
        if (this.isClosed()) throw new KafkaClosedError('publisher closed while connecting', { cause: e });
        if (slot !== this.slot) continue; // replaced meanwhile: connect the new one
        const reason = freshProducerReason(e);
        if (reason) this.replace(slot, reason);
        this.current = 'unavailable';
        throw toKafkaError(e, 'connect producer');
      }
      if (this.isClosed()) throw new KafkaClosedError('publisher closed while connecting');
      if (slot !== this.slot) continue;
      if (connecting) this.current = 'connected';
      return;
    }
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

  /**
   * Idempotent; sends in flight finish first (each within its retries: a connection closed under
   * a send that is between retries would be reopened by it). Producers retired after a dead
   * connection get at most RETIRED_CLOSE_WAIT_MS: their last requests can only time out.
   */
  async disconnect(): Promise<void> {
    if (this.current === 'closed') return;
    this.current = 'closed';
    const retired = Promise.all([...this.retiring].map((slot) => slot.retire()));
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, RETIRED_CLOSE_WAIT_MS)));
    await Promise.all([this.slot.retire(), Promise.race([retired, bound])]);
    clearTimeout(timer);
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    const bytes = messages.reduce((n, m) => n + (m.value?.length ?? 0), 0);
    const record: ProducerRecord = {
      topic,
      messages,
      acks: -1,
      timeout: this.ackTimeoutMs,
      compression: bytes > this.gzipAboveBytes ? CompressionTypes.GZIP : CompressionTypes.None,
    };
    let resent = false;
    for (;;) {
      try {
        await this.connect();
      } catch (e) {
        throw this.failed(e as KafkaError);
      }
      const slot = this.slot;
      let outcome: 'sent' | 'stale';
      try {
        outcome = await sendUnlessStale(slot, record);
      } catch (e) {
        if (e instanceof SlotRetiredError) continue;
        if (this.isClosed()) throw this.failed(new KafkaClosedError('publisher closed during send', { cause: e }));
        const reason = freshProducerReason(e);
        if (reason) this.replace(slot, reason);
        if (reason && !resent) {
          resent = true;
          this.counters.resent++;
          continue;
        }
        throw this.failed(toKafkaError(e, `publish to ${topic}`));
      }
      if (outcome === 'sent') {
        this.counters.sent++;
        this.replacementsInARow = 0;
        if (this.current === 'unavailable') this.current = 'connected';
        return;
      }
      this.replace(slot, 'request-timeout');
      if (resent) throw this.failed(new KafkaUnavailableError(`publish to ${topic}: requests time out on a new producer too`));
      resent = true;
      this.counters.resent++;
    }
  }

  private isClosed(): boolean {
    return this.current === 'closed';
  }

  private failed(error: KafkaError): KafkaError {
    this.counters.failed++;
    this.counters.lastError = error.message;
    if (error.code === 'KAFKA_UNAVAILABLE' && !this.isClosed()) this.current = 'unavailable';
    return error;
  }

  /** Retires `slot` (if it is still the current one) and puts a new producer in its place. */
  private replace(slot: ProducerSlot, reason: 'request-timeout' | 'producer-id'): void {
    if (slot !== this.slot || this.isClosed()) return;
    this.replacementsInARow++;
    this.counters.reconnects++;
    const initial = this.opts.initialRetryTimeMs ?? 200;
    const delay = this.replacementsInARow <= 1 ? 0 : Math.min(initial * 2 ** (this.replacementsInARow - 1), this.opts.maxReconnectDelayMs ?? 5000);
    this.slot = this.newSlot(delay);
    if (this.current !== 'idle') this.current = 'unavailable';
    const why = reason === 'request-timeout' ? 'a request timed out (the connection may be dead)' : 'the broker refused its producer id';
    this.logger.warn(`replacing the Kafka producer: ${why}; reconnect #${this.counters.reconnects}${delay > 0 ? ` in ${delay} ms` : ''}`);
    this.retiring.add(slot);
    void slot.retire().then(() => this.retiring.delete(slot));
  }

  private newSlot(connectDelayMs: number): ProducerSlot {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // DefaultPartitioner's partitions, its per-key hash remembered.
      createPartitioner: KeyCachingPartitioner,
      retry: { retries: this.opts.retries ?? 3, initialRetryTime: this.opts.initialRetryTimeMs ?? 200, maxRetryTime: this.opts.maxRetryTimeMs ?? 2000 },
    });
    return new ProducerSlot(producer, connectDelayMs);
  }
}

/** 'sent' once acknowledged; 'stale' as soon as a request of the slot timed out (the send may still go on). */
function sendUnlessStale(slot: ProducerSlot, record: ProducerRecord): Promise<'sent' | 'stale'> {
  return new Promise((resolve, reject) => {
    const sending = slot.send(record);
    const off = slot.onStale(() => resolve('stale'));
    sending.then(
      () => {
        off();
        resolve('sent');
      },
      (e: unknown) => {
        off();
        reject(e);
      },
    );
  });
}
