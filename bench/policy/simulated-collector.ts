import type { ContainerIdentity } from '@fsmon/contracts';
import { createKafka, type KafkaClient } from '@fsmon/kafka';
import { quietLogger } from '@fsmon/testing';
import { PolicyStore } from '../../apps/collector/src/policy/policy.store';
import { PolicyTopicSource } from '../../apps/collector/src/policy/policy-topic.source';

/**
 * The consumer settings of every simulated collector and of the baseline's consumers: the embedded
 * broker's short session, and the fetch wait of the collector (TopicConsumer's default is 200 ms).
 */
export interface BenchConsumerSettings {
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxWaitTimeInMs: number;
}

export const benchConsumer = (maxWaitTimeInMs: number): BenchConsumerSettings => ({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000, maxWaitTimeInMs });

/**
 * One collector's policy side, as the collector app runs it: its own Kafka client, the collector's
 * PolicyTopicSource (fresh group, whole topic) feeding its PolicyStore (validation, latest revision
 * per group wins). A change counts as applied once the store took it and every container of this
 * node was resolved again against the new policy (what the collector does before re-marking).
 */
export class SimulatedCollector {
  private readonly kafka: KafkaClient;
  private readonly store = new PolicyStore({ defaultMode: 'Discover', logger: quietLogger });
  private readonly source: PolicyTopicSource;
  /** When each applied revision was in force, in order. */
  private readonly applied: { revision: number; at: number }[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    brokers: string[],
    readonly id: string,
    private readonly containers: readonly ContainerIdentity[],
    consumer: BenchConsumerSettings,
  ) {
    this.kafka = createKafka({ brokers, clientId: id, logLevel: 'nothing' });
    this.source = new PolicyTopicSource(this.kafka, this.store, { collectorId: id, ...consumer, logger: quietLogger });
    this.store.onChange((_, revision) => {
      for (const c of this.containers) this.store.resolve(c);
      this.applied.push({ revision, at: performance.now() });
      for (const wake of this.waiters) wake();
    });
  }

  start(): void {
    this.source.start();
  }

  get appliedRevision(): number {
    return this.store.appliedRevision;
  }

  /** Resolves true once caught up with the topic as it was at start. */
  whenCaughtUp(timeoutMs: number): Promise<boolean> {
    return this.source.whenCaughtUp(timeoutMs);
  }

  /** When this collector first had `revision` (or newer) applied; rejects after `timeoutMs`. */
  async appliedAt(revision: number, timeoutMs: number): Promise<number> {
    const found = () => this.applied.find((a) => a.revision >= revision)?.at;
    const now = found();
    if (now !== undefined) return now;
    return new Promise((resolve, reject) => {
      const wake = () => {
        const at = found();
        if (at === undefined) return;
        done();
        resolve(at);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.id}: revision ${revision} not applied within ${timeoutMs} ms (at ${this.appliedRevision})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  /** Forgets the recorded apply times up to `revision` (keeps the search short). */
  forget(revision: number): void {
    while (this.applied.length > 1 && this.applied[1].revision <= revision) this.applied.shift();
  }

  stop(): Promise<void> {
    return this.source.stop();
  }
}
