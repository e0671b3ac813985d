import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { createKafka, type KafkaClient } from './create-kafka';

export interface BaselineOptions {
  brokers: string[];
  /** An existing topic; give it enough partitions that the backlog fits the broker's retention. */
  topic: string;
  /** Messages to produce and consume (default 100000). */
  messages?: number;
  /** Bytes per value (default 1024). */
  valueBytes?: number;
  /** Messages per awaited send (default 1000). */
  batchSize?: number;
  /** Give up consuming after this long (default 120000). */
  timeoutMs?: number;
}

export interface BaselineResult {
  messages: number;
  valueBytes: number;
  produceSeconds: number;
  produceMsgsPerSec: number;
  produceMBPerSec: number;
  /** From consumer.run() to the first message: the group join. */
  joinSeconds: number;
  /** From the first message to the last (the join excluded). */
  consumeSeconds: number;
  consumeMsgsPerSec: number;
  consumeMBPerSec: number;
}

/**
 * The Kafka baseline other benches compare with: plain kafkajs (no validation, no idempotence,
 * unkeyed values, acks from all replicas, one awaited send of `batchSize` at a time), then one fresh
 * consumer group reading everything back with eachBatch. Every client is disconnected on return.
 */
export async function measurePlainKafkajsBaseline(opts: BaselineOptions): Promise<BaselineResult> {
  const messages = opts.messages ?? 100_000;
  const valueBytes = opts.valueBytes ?? 1024;
  const batchSize = opts.batchSize ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const kafka = createKafka({ brokers: opts.brokers, clientId: 'kafka-baseline', logLevel: 'error' });
  const value = Buffer.alloc(valueBytes, 'x');
  const mb = (messages * valueBytes) / 1e6;

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const produceStart = process.hrtime.bigint();
  try {
    for (let sent = 0; sent < messages; sent += batchSize) {
      const n = Math.min(batchSize, messages - sent);
      await producer.send({ topic: opts.topic, acks: -1, messages: Array.from({ length: n }, () => ({ value })) });
    }
  } finally {
    await producer.disconnect();
  }
  const produceSeconds = seconds(produceStart);

  const { runStart, first, last } = await consumePlainly(kafka, opts.topic, messages, timeoutMs, 'kafka-baseline');
  const joinSeconds = Number(first - runStart) / 1e9;
  const consumeSeconds = Number(last - first) / 1e9;
  return {
    messages,
    valueBytes,
    produceSeconds,
    produceMsgsPerSec: messages / produceSeconds,
    produceMBPerSec: mb / produceSeconds,
    joinSeconds,
    consumeSeconds,
    consumeMsgsPerSec: messages / consumeSeconds,
    consumeMBPerSec: mb / consumeSeconds,
  };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** When a consuming run first had at least a given share of its messages (see consumePlainly's `markAt`). */
export interface ConsumeMark {
  /** hrtime of the batch that reached the share. */
  at: bigint;
  /** Messages received by then (that batch included). */
  received: number;
}

/**
 * Plain kafkajs reading `messages` messages of `topic` from the beginning in a fresh group
 * (`<groupPrefix>-<uuid>`), eachBatch counting and nothing else: the baseline's consuming side,
 * also used on other topics' messages (bench/aggregator). Times: the run's start, the first and
 * the last batch (hrtime), and with `markAt` (a share of `messages`, 0–1) the batch that reached
 * that share, so a caller can time the rest of the run apart from its start; rejects after `timeoutMs`.
 */
export async function consumePlainly(
  kafka: KafkaClient,
  topic: string,
  messages: number,
  timeoutMs: number,
  groupPrefix: string,
  markAt?: number,
): Promise<{ runStart: bigint; first: bigint; last: bigint; mark?: ConsumeMark }> {
  const consumer = kafka.consumer({ groupId: `${groupPrefix}-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 2000, maxWaitTimeInMs: 100 });
  let received = 0;
  let first: bigint | undefined;
  let last = 0n;
  let mark: ConsumeMark | undefined;
  const runStart = process.hrtime.bigint();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${groupPrefix}: consumed ${received} of ${messages} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            first ??= process.hrtime.bigint();
            received += batch.messages.length;
            last = process.hrtime.bigint();
            if (markAt !== undefined && mark === undefined && received >= markAt * messages) mark = { at: last, received };
            if (received >= messages) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return { runStart, first: first ?? last, last, mark };
}
