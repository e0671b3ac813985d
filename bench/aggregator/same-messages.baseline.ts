import { consumePlainly, createKafka, withGzipCodec, type GzipCodecChoice } from '@fsmon/kafka';
import { splitThreadCpu, threadCpu } from './thread-cpu';

export interface SameMessagesBaseline {
  messages: number;
  /** From the first message to the last (the group join excluded). */
  consumeSeconds: number;
  consumeMsgsPerSec: number;
  /** Messages/s from the batch that reached `steadyFrom` of them to the last (see STEADY_FROM in aggregator.bench). */
  steadyMsgsPerSec: number;
  /** CPU per event (`eventsPerMessage` given) of the main thread and of the rest of the process, over the whole consuming run (the join included). */
  threadCpuUsPerEvent: { main: number; other: number };
}

/**
 * Plain kafkajs reading the very messages the app reads: the raw-events topic as produced (keyed
 * by container, GZIP-compressed as every collector send is), in a fresh group, eachBatch counting
 * and nothing else (consumePlainly, as measurePlainKafkajsBaseline consumes); only the messages differ: that
 * one produces uncompressed filler of the same size, so it leaves out the decompression every
 * consumer of the real topic pays. `codec` is the GZIP codec it inflates with: kafkajs's as shipped
 * (plain kafkajs, the goal's baseline) or fsmon's (what the app's own consumer inflates with, see
 * gzip-codec.ts: the ceiling of consuming this topic in this stack).
 */
export async function measureSameMessagesBaseline(brokers: string[], topic: string, messages: number, eventsPerMessage: number, steadyFrom: number, codec: GzipCodecChoice, timeoutMs = 120_000): Promise<SameMessagesBaseline> {
  const kafka = createKafka({ brokers, clientId: 'kafka-baseline', logLevel: 'error' });
  const cpu0 = threadCpu();
  const { first, last, mark } = await withGzipCodec(codec, () => consumePlainly(kafka, topic, messages, timeoutMs, 'same-messages-baseline', steadyFrom));
  const cpu = splitThreadCpu(new Set(cpu0.keys()), cpu0, threadCpu());
  const events = messages * eventsPerMessage;
  const consumeSeconds = Number(last - first) / 1e9;
  const from = mark ?? { at: first, received: 0 };
  return {
    messages,
    consumeSeconds,
    consumeMsgsPerSec: messages / consumeSeconds,
    steadyMsgsPerSec: (messages - from.received) / (Number(last - from.at) / 1e9),
    threadCpuUsPerEvent: { main: (cpu.mainMs * 1000) / events, other: ((cpu.otherMs + cpu.newThreadsMs) * 1000) / events },
  };
}
