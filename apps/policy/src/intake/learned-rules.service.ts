import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LearnedRulesBatch } from '@fsmon/contracts';
import { ingestLearnedRules, type LearnOutcome } from '@fsmon/policy-domain';
import { REDIS_STORE, type RedisStore } from '@fsmon/redis';
import { PolicyChanges } from '../admin/policy-changes.service';
import type { PolicyConfig } from '../policy.config';
import { policyMetrics } from '../policy.metrics';
import { POLICY_CONFIG } from '../store/policy.di-tokens';
import { policyKeys } from '../store/policy-keys';

export type LearnedBatchResult = { kind: 'duplicate' } | { kind: 'applied'; revision: number | null; counts: Record<LearnOutcome, number> };

/**
 * Takes in learned-rule batches (fsmon-behaviour §5): new apps of Discover-mode groups' customer
 * filters become allowed apps, as one audited change per batch (who = `collector:<id>`), pushed like
 * any change. A batch whose id was already applied, or that adds nothing new, changes nothing (no
 * revision). Every rule not taken is counted by reason (fsmon_policy_learned_rules_total) and logged.
 */
@Injectable()
export class LearnedRulesService {
  private readonly logger = new Logger(LearnedRulesService.name);

  constructor(
    private readonly changes: PolicyChanges,
    @Inject(REDIS_STORE) private readonly store: RedisStore,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {}

  async ingest(batch: LearnedRulesBatch): Promise<LearnedBatchResult> {
    const marker = policyKeys(this.store.keys).learnedBatch(batch.collectorId, batch.batchId);
    const { value, committed } = await this.changes.commit<LearnedBatchResult>({
      groups: batch.rules.map((r) => r.group),
      markers: [marker],
      who: `collector:${batch.collectorId}`,
      action: 'learned-rules',
      decide: ({ groups, markers }) => {
        if (markers[0] !== null) return { value: { kind: 'duplicate' } };
        const learned = ingestLearnedRules(groups, batch.rules, new Date().toISOString());
        return {
          value: { kind: 'applied', revision: null, counts: { ...learned.counts } },
          updates: [...learned.updated].map(([name, after]) => ({ name, after })),
          detail: { collectorId: batch.collectorId, host: batch.host.name, batchId: batch.batchId, counts: learned.counts },
          extraWrites: [{ op: 'set', key: marker, value: '1', ttlMs: this.config.learned.batchTtlMs }],
        };
      },
    });
    if (value.kind === 'duplicate') {
      this.logger.debug(`learned-rules batch ${batch.batchId} of ${batch.collectorId} was already applied`);
      return value;
    }
    this.report(batch, value.counts);
    return { ...value, revision: committed?.revision ?? null };
  }

  private report(batch: LearnedRulesBatch, counts: Record<LearnOutcome, number>): void {
    const metrics = policyMetrics().learnedRules;
    for (const [outcome, n] of Object.entries(counts)) if (n > 0) metrics.inc({ outcome }, n);
    const refused = Object.entries(counts).filter(([o, n]) => n > 0 && o !== 'added' && o !== 'already-allowed');
    if (refused.length > 0) {
      this.logger.warn(`learned-rules batch ${batch.batchId} of ${batch.collectorId}: not taken: ${refused.map(([o, n]) => `${n} ${o}`).join(', ')}`);
    }
  }
}
