import { randomUUID } from 'node:crypto';
import { createKafka } from '@fsmon/kafka';

export interface SameMessagesBaseline {
  messages: number;
  /** From the first message to the last (the group join excluded). */
  consumeSeconds: number;
  consumeMsgsPerSec: number;
}

/**
 * Plain kafkajs reading the very messages the app reads: the raw-events topic as produced (keyed
 * by container, GZIP-compressed as every collector send is), in a fresh group, eachBatch counting
 * and nothing else. The settings are measurePlainKafkajsBaseline's; only the messages differ: that
 * one produces uncompressed filler of the same size, so it leaves out the decompression every
 * consumer of the real topic pays.
 */
export async function measureSameMessagesBaseline(brokers: string[], topic: string, messages: number, timeoutMs = 120_000): Promise<SameMessagesBaseline> {
  const kafka = createKafka({ brokers, clientId: 'kafka-baseline', logLevel: 'error' });
  const consumer = kafka.consumer({ groupId: `same-messages-baseline-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 2000, maxWaitTimeInMs: 100 });
  let received = 0;
  let first: bigint | undefined;
  let last = 0n;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`same-messages baseline: consumed ${received} of ${messages} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            first ??= process.hrtime.bigint();
            received += batch.messages.length;
            last = process.hrtime.bigint();
            if (received >= messages) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  const consumeSeconds = Number(last - (first ?? last)) / 1e9;
  return { messages, consumeSeconds, consumeMsgsPerSec: messages / consumeSeconds };
}
