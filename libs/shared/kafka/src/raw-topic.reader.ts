import { randomUUID } from 'node:crypto';
import type { KafkaClient } from './create-kafka';
import { headersToStrings } from './kafka-headers';

/** A record as stored: no validation, no decoding beyond UTF-8 headers. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface ReadRecordsOptions {
  /** Resolve once this many records arrived. */
  count: number;
  /** Give up after this long (default 20000; a group join alone takes ~3 s on the embedded broker). */
  timeoutMs?: number;
  /** Read from the start of the topic (default true); otherwise only records after the join. */
  fromBeginning?: boolean;
  groupId?: string;
}

/**
 * Reads `count` records of `topic` in a throwaway consumer group, then leaves. For tests, tools and
 * benches, never for the pipeline (which consumes through TopicConsumer). Settings suit the
 * embedded broker. Rejects naming the topic and the counts when `timeoutMs` passes first.
 */
export async function readRecords(kafka: KafkaClient, topic: string, opts: ReadRecordsOptions): Promise<RawRecord[]> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const records: RawRecord[] = [];
  const consumer = kafka.consumer({ groupId: opts.groupId ?? `reader-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 2000, maxWaitTimeInMs: 100 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: opts.fromBeginning ?? true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${opts.count} records on ${topic} (got ${records.length})`)), timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              records.push({ topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, headers: headersToStrings(m.headers), timestamp: m.timestamp });
            }
            if (records.length >= opts.count) resolve();
          },
        })
        .catch(reject);
    });
    return records;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
