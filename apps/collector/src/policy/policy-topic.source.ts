import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import { Topics } from '@fsmon/contracts';
import { TopicConsumer, type ConsumedMessage, type ConsumerStats, type KafkaClient } from '@fsmon/kafka';
import { PolicyMessageError } from './policy.errors';
import type { PolicyStore } from './policy.store';
import { fetchPolicyEnds, type PartitionEnds } from './policy-end-offsets';

export interface PolicyTopicSourceOptions {
  /** Part of the consumer group id (`fsmon-collector-policy.<collectorId>.<random>`). */
  collectorId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeInMs?: number;
  /** Pause before retrying a consumer that could not start (default 2000 ms). */
  restartDelayMs?: number;
  /**
   * A joined consumer that fetched nothing for this long counts as caught up even if the last
   * records were never handled (they were invalid and dead-lettered); default 1500 ms.
   */
  idleCatchUpMs?: number;
  logger?: LoggerService;
}

export interface PolicyTopicSourceStats {
  caughtUp: boolean;
  consumer?: ConsumerStats;
  startAttempts: number;
}

/**
 * Feeds a PolicyStore from `fsmon.policy.v1`. Every start reads the whole topic: the consumer
 * group is new each time (a unique id, from the beginning), so a collector that starts or
 * restarts has the current policy without waiting for a change; while it runs, reconnects resume
 * where it was. Invalid messages (schema, or contradicting their key) are dead-lettered at once
 * and never block the stream. Consumer groups left behind expire with the broker's offset
 * retention.
 */
export class PolicyTopicSource {
  private readonly logger: LoggerService;
  private readonly abort = new AbortController();
  private readonly handled = new Map<number, number>();
  private consumer?: TopicConsumer;
  private ends?: PartitionEnds;
  private running?: Promise<void>;
  private idle = { messagesIn: -1, since: 0 };
  private caught = false;
  private attempts = 0;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly store: PolicyStore,
    private readonly opts: PolicyTopicSourceOptions,
  ) {
    this.logger = opts.logger ?? new Logger(PolicyTopicSource.name);
  }

  /** Starts consuming in the background, retrying until it joins or stop() is called. Never throws. */
  start(): void {
    this.running ??= this.run();
  }

  /** Whether everything on the topic at start time has been read (see idleCatchUpMs). */
  get caughtUp(): boolean {
    return this.checkCaughtUp();
  }

  /** Resolves true once caught up, false when `timeoutMs` passed first or the source stopped. */
  async whenCaughtUp(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.checkCaughtUp()) {
      if (Date.now() >= deadline || this.abort.signal.aborted) return false;
      await sleep(50);
    }
    return true;
  }

  stats(): PolicyTopicSourceStats {
    return { caughtUp: this.checkCaughtUp(), consumer: this.consumer?.stats(), startAttempts: this.attempts };
  }

  /** Idempotent: leaves the consumer group (a start in progress is cut short). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer?.stop();
    await this.running;
    await this.consumer?.stop();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      this.attempts++;
      this.ends = await fetchPolicyEnds(this.kafka).catch((e: unknown) => {
        this.logger.warn(`cannot read the end offsets of ${Topics.Policy}: ${(e as Error).message}`);
        return undefined;
      });
      if (this.abort.signal.aborted) return;
      const consumer = this.newConsumer();
      this.consumer = consumer;
      try {
        await consumer.start();
        return;
      } catch (e) {
        this.logger.warn(`policy consumer could not start (attempt ${this.attempts}), retrying: ${(e as Error).message}`);
        await consumer.stop().catch(() => undefined);
      }
      await sleep(this.opts.restartDelayMs ?? 2000, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }

  private newConsumer(): TopicConsumer {
    return new TopicConsumer(this.kafka, {
      groupId: `fsmon-collector-policy.${this.opts.collectorId}.${randomUUID().slice(0, 8)}`,
      fromBeginning: true,
      retry: { retries: 0 },
      sessionTimeoutMs: this.opts.sessionTimeoutMs,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      maxWaitTimeInMs: this.opts.maxWaitTimeInMs,
      logger: this.opts.logger,
      handlers: { [Topics.Policy]: (m: ConsumedMessage<typeof Topics.Policy>) => this.onMessage(m) },
    });
  }

  private onMessage(m: ConsumedMessage<typeof Topics.Policy>): void {
    this.handled.set(m.partition, Number(m.offset));
    const result = this.store.apply(m.value, m.key);
    if (result.outcome === 'invalid') throw new PolicyMessageError(`group policy refused: ${result.problems.join('; ')}`);
  }

  private checkCaughtUp(): boolean {
    if (this.caught) return true;
    const consumer = this.consumer;
    if (!consumer || consumer.status !== 'connected') return false;
    const ends = this.ends;
    if (ends && [...ends].every(([p, e]) => e.high <= e.low || (this.handled.get(p) ?? -1) >= e.high - 1)) {
      this.caught = true;
      return true;
    }
    const { messagesIn } = consumer.stats();
    const now = Date.now();
    if (messagesIn !== this.idle.messagesIn) this.idle = { messagesIn, since: now };
    else if (now - this.idle.since >= (this.opts.idleCatchUpMs ?? 1500)) this.caught = true;
    return this.caught;
  }
}
