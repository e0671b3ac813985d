import { randomUUID } from 'node:crypto';
import { decodeValue, isSchemaTopic, type SchemaTopic, type TopicName, type TopicValue } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka, type EmbeddedKafkaOptions } from '@fsmon/embedded';
import { createKafka, readRecords, type KafkaClient } from '@fsmon/kafka';

/** Consumer settings for tests against the embedded broker (joins ~3 s, disconnects quickly). */
export const TEST_CONSUMER_SETTINGS = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000, maxWaitTimeInMs: 100 } as const;

export interface TestKafka {
  brokers: string[];
  embedded: EmbeddedKafka;
  /** A client for the test itself (quiet logs); apps under test make their own. */
  kafka: KafkaClient;
  /** Stops the broker: disconnect every client first (see EmbeddedKafka). */
  stop(): Promise<void>;
}

/** A private embedded broker with every fsmon topic, on free loopback ports. */
export async function startTestKafka(opts?: EmbeddedKafkaOptions): Promise<TestKafka> {
  const embedded = await startEmbeddedKafka(opts);
  return {
    brokers: embedded.brokers,
    embedded,
    kafka: createKafka({ brokers: embedded.brokers, clientId: 'fsmon-test', logLevel: 'nothing' }),
    stop: () => embedded.stop(),
  };
}

/** A consumer group id no other test uses. */
export function uniqueGroupId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A message as read back; `value` is decoded and validated for contract topics, raw bytes otherwise. */
export interface CollectedMessage<T extends TopicName> {
  topic: T;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: T extends SchemaTopic ? TopicValue<T> : Buffer | null;
  raw: Buffer | null;
}

export interface CollectOptions {
  count: number;
  /** Default 20000 (a group join alone takes ~3 s on the embedded broker). */
  timeoutMs?: number;
  /** Default true; with false only messages produced after the join are seen. */
  fromBeginning?: boolean;
}

/**
 * Reads at least `count` messages of `topic` in a fresh group and returns them decoded.
 * @throws on timeout, naming the topic and counts; on a contract-topic message that fails its
 *   schema, naming its offset and the reason.
 */
export async function collectMessages<T extends TopicName>(brokers: string[], topic: T, opts: CollectOptions): Promise<CollectedMessage<T>[]> {
  const kafka = createKafka({ brokers, clientId: 'fsmon-test-collector', logLevel: 'nothing' });
  const records = await readRecords(kafka, topic, { count: opts.count, timeoutMs: opts.timeoutMs, fromBeginning: opts.fromBeginning, groupId: uniqueGroupId('collect') });
  return records.map((r) => {
    let value: unknown = r.value;
    if (isSchemaTopic(topic)) {
      const decoded = decodeValue(topic, r.value);
      if (!decoded.ok) throw new Error(`collectMessages: ${topic}[${r.partition}]@${r.offset} is invalid: ${decoded.reason}`);
      value = decoded.value;
    }
    return {
      topic,
      partition: r.partition,
      offset: r.offset,
      key: r.key === null ? null : r.key.toString('utf8'),
      headers: r.headers,
      value: value as CollectedMessage<T>['value'],
      raw: r.value,
    };
  });
}
