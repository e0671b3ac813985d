import { createKafka, EventPublisher, type KafkaClient } from '@fsmon/kafka';
import type { BenchConsumerSettings } from './simulated-collector';

/** The baseline's topic: one partition, like fsmon.policy.v1. */
export const FANOUT_TOPIC = 'bench.policy-fanout';

type RawConsumer = ReturnType<KafkaClient['consumer']>;

export interface FanoutSample {
  /** Send → the last consumer has it (ms). */
  fanoutMs: number;
  /** Send → the broker acknowledged it (what the policy app waits for before answering). */
  ackMs: number;
}

/**
 * The Kafka lib's floor for a push: the producer the policy app uses (EventPublisher: idempotent,
 * acks all) sends a value of the pushed policy's size, and plain kafkajs consumers (own groups, the
 * simulated collectors' fetch settings, eachMessage, nothing else) receive it. The bench takes one
 * sample after each policy change, so both see the same machine load.
 */
export class KafkaFanout {
  private readonly kafka: KafkaClient;
  private readonly publisher: EventPublisher;
  private readonly consumers: RawConsumer[] = [];
  private readonly received: Map<number, number>[];
  private readonly waiters = new Set<() => void>();
  private seq = 0;

  constructor(
    brokers: string[],
    private readonly opts: { consumers: number; value: Buffer; consumer: BenchConsumerSettings },
  ) {
    this.kafka = createKafka({ brokers, clientId: 'bench-fanout', logLevel: 'nothing' });
    this.publisher = new EventPublisher(this.kafka);
    this.received = Array.from({ length: opts.consumers }, () => new Map<number, number>());
  }

  /** Joins every consumer, then sends one unmeasured message so each sits in its long-poll. */
  async start(): Promise<void> {
    for (const [i, seen] of this.received.entries()) {
      const consumer = this.kafka.consumer({
        groupId: `bench-fanout-${i}-${process.pid}`,
        sessionTimeout: this.opts.consumer.sessionTimeoutMs,
        heartbeatInterval: this.opts.consumer.heartbeatIntervalMs,
        maxWaitTimeInMs: this.opts.consumer.maxWaitTimeInMs,
      });
      this.consumers.push(consumer);
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.connect();
      await consumer.subscribe({ topics: [FANOUT_TOPIC], fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.set(Number(message.key?.toString()), performance.now());
          for (const wake of this.waiters) wake();
        },
      });
      await joined;
    }
    await this.publisher.connect();
    await this.sample();
  }

  async sample(): Promise<FanoutSample> {
    const seq = this.seq++;
    const t0 = performance.now();
    await this.publisher.publishRaw(FANOUT_TOPIC, { key: String(seq), value: this.opts.value });
    const ackMs = performance.now() - t0;
    await this.allReceived(seq, 10_000);
    const fanoutMs = Math.max(...this.received.map((m) => m.get(seq) as number)) - t0;
    for (const m of this.received) m.delete(seq);
    return { fanoutMs, ackMs };
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect()));
    await this.publisher.disconnect();
  }

  private allReceived(seq: number, timeoutMs: number): Promise<void> {
    const done = () => this.received.every((m) => m.has(seq));
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!done()) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fan-out baseline: message ${seq} not received by every consumer within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }
}
