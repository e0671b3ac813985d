import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Topics } from '@fsmon/contracts';
import { KAFKA_CLIENT, type KafkaClient, KafkaConsumerRegistry, TopicConsumer } from '@fsmon/kafka';
import type { PolicyConfig } from '../policy.config';
import { POLICY_CONFIG } from '../store/policy.di-tokens';
import { CollectorStatusService } from './collector-status.service';
import { LearnedRulesService } from './learned-rules.service';

const START_WAIT_MS = 15_000;

/**
 * Consumes learned rules and collector statuses in one consumer group shared by every policy
 * instance. A learned-rules batch that keeps failing (Redis down) is retried with backoff for about
 * a minute, then dead-lettered with its bytes; bad messages are dead-lettered by TopicConsumer.
 * The group is joined in the background: /health is down until it is.
 */
@Injectable()
export class PolicyIntakeConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PolicyIntakeConsumer.name);
  private consumer?: TopicConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
    private readonly registry: KafkaConsumerRegistry,
    private readonly learned: LearnedRulesService,
    private readonly statuses: CollectorStatusService,
  ) {}

  onApplicationBootstrap(): void {
    const consumer = new TopicConsumer(this.kafka, {
      groupId: this.config.kafka.groupId,
      sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
      retry: { retries: 8, initialDelayMs: 500, maxDelayMs: 10_000 },
      handlers: {
        [Topics.LearnedRules]: async (m) => void (await this.learned.ingest(m.value)),
        [Topics.CollectorStatus]: (m) => this.statuses.record(m.value),
      },
    });
    this.consumer = consumer;
    this.registry.add(consumer);
    this.starting = consumer.start().catch((e: unknown) => this.logger.error(`intake consumer did not join its group (kafkajs keeps retrying): ${(e as Error).message}`));
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.consumer) return;
    this.registry.remove(this.consumer);
    // A TopicConsumer stopped while its start() is still joining keeps running (kafkajs reconnects
    // in run()), so let the join finish first; bounded, as it never ends without a broker.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.starting, new Promise((resolve) => (timer = setTimeout(resolve, START_WAIT_MS)))]);
    clearTimeout(timer);
    await this.consumer.stop();
  }
}
