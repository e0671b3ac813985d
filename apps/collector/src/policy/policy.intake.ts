import { Inject, Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import { KAFKA_CLIENT, type KafkaClient } from '@fsmon/kafka';
import { settleWithin } from '../lifecycle/settle-within';
import { COLLECTOR_POLICY_OPTIONS, POLICY_STORE } from './policy.di-tokens';
import { loadPolicyFile } from './policy-file.loader';
import type { CollectorPolicyOptions } from './policy.options';
import type { PolicyStore, PolicyStoreStats } from './policy.store';
import { PolicyTopicSource, type PolicyTopicSourceStats } from './policy-topic.source';

/** How long shutdown waits for the policy consumer to leave its group (see onModuleDestroy). */
export const POLICY_STOP_WAIT_MS = 1500;

export interface PolicyIntakeStats {
  source: 'file' | 'topic';
  store: PolicyStoreStats;
  topic?: PolicyTopicSourceStats;
}

/**
 * Fills the PolicyStore at boot: from POLICY_FILE (a bad file fails the boot with every problem
 * listed), or from the policy topic, waiting up to `bootWaitMs` for it to be read so watching
 * starts with the current policy. Kafka being down does not fail the boot: watching starts with
 * the built-in defaults and the policy applies (through onChange) when it arrives.
 */
@Injectable()
export class PolicyIntake implements OnModuleInit, OnModuleDestroy, HealthContributor {
  readonly healthName = 'policy';
  private readonly logger = new Logger(PolicyIntake.name);
  private source?: PolicyTopicSource;
  private booted!: () => void;
  /** Resolves when boot-time loading finished (the file applied, or the topic read or waited for). */
  readonly ready = new Promise<void>((resolve) => (this.booted = resolve));

  constructor(
    @Inject(COLLECTOR_POLICY_OPTIONS) private readonly opts: CollectorPolicyOptions,
    @Inject(POLICY_STORE) private readonly store: PolicyStore,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka?: KafkaClient,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.boot();
    this.booted();
  }

  /**
   * Stops the policy consumer, waiting at most POLICY_STOP_WAIT_MS: while the broker is away,
   * leaving the group takes a kafkajs consumer its request timeouts (16 s in a partition), and
   * there is nothing of ours to save in it (offsets are not committed by this consumer).
   */
  async onModuleDestroy(): Promise<void> {
    if (this.source === undefined) return;
    if (!(await settleWithin(this.source.stop(), Date.now() + POLICY_STOP_WAIT_MS))) {
      this.logger.warn(`the policy consumer did not stop within ${POLICY_STOP_WAIT_MS} ms (the broker is unreachable); its connections close with the process`);
    }
  }

  private async boot(): Promise<void> {
    if (this.opts.policyFile !== undefined) return this.loadFile(this.opts.policyFile);
    if (!this.kafka) throw new Error('CollectorPolicyModule: neither POLICY_FILE nor a Kafka client (KafkaModule) is configured');
    this.source = new PolicyTopicSource(this.kafka, this.store, { collectorId: this.opts.collectorId, ...this.opts.consumer });
    this.source.start();
    if (this.opts.bootWaitMs === 0) return;
    if (await this.source.whenCaughtUp(this.opts.bootWaitMs)) {
      this.logger.log(`policy read: ${this.store.groupNames().length} groups, revision ${this.store.appliedRevision}`);
    } else {
      this.logger.warn(`policy topic not read within ${this.opts.bootWaitMs} ms: workloads use what has arrived (or the built-in default) until it does`);
    }
  }

  /** Up with a policy file, or while the policy consumer is joined (a rebalance counts as up). */
  health(): HealthReport {
    const details = { ...this.stats() };
    if (!this.source) return { up: true, details };
    const status = details.topic?.consumer?.status;
    return { up: status === 'connected' || status === 'rebalancing', details };
  }

  stats(): PolicyIntakeStats {
    return { source: this.source ? 'topic' : 'file', store: this.store.stats(), topic: this.source?.stats() };
  }

  private loadFile(path: string): void {
    const results = this.store.applyAll(loadPolicyFile(path));
    const rejected = results.reduce((n, r) => n + (r.outcome === 'applied' ? r.rejectedFilters : 0), 0);
    this.logger.log(`policy file ${path}: ${this.store.groupNames().length} groups, revision ${this.store.appliedRevision}, ${rejected} filters refused`);
  }
}
