import { consumePlainly, createKafka } from '@fsmon/kafka';

export interface SameMessagesBaseline {
  messages: number;
  /** From the first message to the last (the group join excluded). */
  consumeSeconds: number;
  consumeMsgsPerSec: number;
  /** Messages/s from the batch that reached `steadyFrom` of them to the last (see STEADY_FROM in aggregator.bench). */
  steadyMsgsPerSec: number;
}

/**
 * Plain kafkajs reading the very messages the app reads: the raw-events topic as produced (keyed
 * by container, GZIP-compressed as every collector send is), in a fresh group, eachBatch counting
 * and nothing else (consumePlainly, as measurePlainKafkajsBaseline consumes); only the messages differ: that
 * one produces uncompressed filler of the same size, so it leaves out the decompression every
 * consumer of the real topic pays.
 */
export async function measureSameMessagesBaseline(brokers: string[], topic: string, messages: number, steadyFrom: number, timeoutMs = 120_000): Promise<SameMessagesBaseline> {
  const kafka = createKafka({ brokers, clientId: 'kafka-baseline', logLevel: 'error' });
  const { first, last, mark } = await consumePlainly(kafka, topic, messages, timeoutMs, 'same-messages-baseline', steadyFrom);
  const consumeSeconds = Number(last - first) / 1e9;
  const from = mark ?? { at: first, received: 0 };
  return { messages, consumeSeconds, consumeMsgsPerSec: messages / consumeSeconds, steadyMsgsPerSec: (messages - from.received) / (Number(last - from.at) / 1e9) };
}
