import { consumePlainly, createKafka } from '@fsmon/kafka';

export interface SameMessagesBaseline {
  messages: number;
  /** From the first message to the last (the group join excluded). */
  consumeSeconds: number;
  consumeMsgsPerSec: number;
}

/**
 * Plain kafkajs reading the very messages the app reads: the raw-events topic as produced (keyed
 * by container, GZIP-compressed as every collector send is), in a fresh group, eachBatch counting
 * and nothing else (consumePlainly, as measurePlainKafkajsBaseline consumes); only the messages differ: that
 * one produces uncompressed filler of the same size, so it leaves out the decompression every
 * consumer of the real topic pays.
 */
export async function measureSameMessagesBaseline(brokers: string[], topic: string, messages: number, timeoutMs = 120_000): Promise<SameMessagesBaseline> {
  const kafka = createKafka({ brokers, clientId: 'kafka-baseline', logLevel: 'error' });
  const { first, last } = await consumePlainly(kafka, topic, messages, timeoutMs, 'same-messages-baseline');
  const consumeSeconds = Number(last - first) / 1e9;
  return { messages, consumeSeconds, consumeMsgsPerSec: messages / consumeSeconds };
}
