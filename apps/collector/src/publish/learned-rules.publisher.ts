import { randomUUID } from 'node:crypto';
import { Logger, type LoggerService } from '@nestjs/common';
import { LearnedRule, Topics, type LearnedRulesBatch } from '@fsmon/contracts';
import { KafkaError, type EventPublisher } from '@fsmon/kafka';
import type { CollectorIdentity } from './collector-identity';
import { settleWithin } from '../lifecycle/settle-within';
import { LearnedRuleSet, learnedRuleKey } from './learned-rule.set';

export interface LearnedRulesPublisherOptions {
  /** Period of the flush (LEARN_FLUSH_MS; the seed's was 10 s). */
  flushMs: number;
  /** Rules waiting to be sent at most; more are dropped and counted (`overflow`). */
  maxPending: number;
  /** Acknowledged rules remembered for de-duplication (oldest forgotten first); default 100000. */
  maxRemembered?: number;
}

export type LearnedDropCause = 'invalid' | 'overflow' | 'rejected' | 'stopped';

export interface LearnedRulesStats {
  pending: number;
  /** Rules in the batch awaiting acknowledgement, and that batch's id. */
  unacknowledged: number;
  unacknowledgedBatchId?: string;
  duplicates: number;
  sent: { batches: number; rules: number };
  sendErrors: number;
  dropped: Partial<Record<LearnedDropCause, number>>;
  lastError?: string;
}

const MAX_BATCH_RULES = 10_000;
/** Keeps a batch well under the broker's default 1 MB message limit. */
const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Publishes what Discover mode learned (fsmon-behaviour §5) as LearnedRulesBatch messages on
 * `fsmon.learned-rules.v1` (key: collector id), every `flushMs`. Unlike the seed, which reset its
 * learned sets before sending and lost a batch whose send failed, a batch here is kept until the
 * broker acknowledged it and is re-sent, with the same `batchId`, on the next flush. A rule
 * (group, filter, path) already acknowledged, pending or in flight is not queued again.
 */
export class LearnedRulesPublisher {
  private readonly pending = new LearnedRuleSet();
  private readonly acked: LearnedRuleSet;
  private unacked?: { batch: LearnedRulesBatch; keys: string[]; keySet: Set<string> };
  private readonly counts: LearnedRulesStats = { pending: 0, unacknowledged: 0, duplicates: 0, sent: { batches: 0, rules: 0 }, sendErrors: 0, dropped: {} };
  private readonly logger: LoggerService;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<boolean>;

  constructor(
    private readonly sink: Pick<EventPublisher, 'publish'>,
    private readonly identity: CollectorIdentity,
    private readonly opts: LearnedRulesPublisherOptions,
    logger?: LoggerService,
  ) {
    this.acked = new LearnedRuleSet(opts.maxRemembered ?? 100_000);
    this.logger = logger ?? new Logger(LearnedRulesPublisher.name);
  }

  /** Queues rules for the next flush; never throws. Invalid rules are dropped and counted. */
  add(rules: readonly LearnedRule[]): void {
    for (const rule of rules) {
      const parsed = LearnedRule.safeParse(rule);
      if (!parsed.success) {
        this.drop('invalid', 1);
        continue;
      }
      const key = learnedRuleKey(parsed.data);
      if (this.acked.has(key) || this.pending.has(key) || this.unacked?.keySet.has(key)) this.counts.duplicates++;
      else if (this.pending.size >= this.opts.maxPending) this.drop('overflow', 1);
      else this.pending.add(key, parsed.data);
    }
  }

  /** Forgets acknowledged rules of these groups, so they can be learned again (a group was reset). */
  forget(groups: readonly string[]): void {
    this.acked.deleteGroups(groups);
  }

  /** Starts the periodic flush. */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.opts.flushMs).unref();
  }

  /** Sends the unacknowledged batch, then new ones. Resolves true when nothing is left; never rejects. */
  flush(): Promise<boolean> {
    this.flushing ??= this.sendAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /**
   * Stops the timer and tries a last flush, waiting for it until `deadline` (epoch ms; default: as
   * long as it takes); what is still unsent then is counted as `stopped` (a batch in flight at the
   * deadline may still arrive).
   */
  async stop(deadline = Infinity): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const flushing = this.flush();
    const settled = deadline === Infinity || (await settleWithin(flushing, deadline));
    if (settled && (await flushing)) return;
    const left = this.pending.size + (this.unacked?.keys.length ?? 0);
    this.drop('stopped', left);
    this.logger.warn(`${left} learned rules not delivered before shutdown`);
  }

  stats(): LearnedRulesStats {
    return {
      ...this.counts,
      pending: this.pending.size,
      unacknowledged: this.unacked?.keys.length ?? 0,
      unacknowledgedBatchId: this.unacked?.batch.batchId,
      sent: { ...this.counts.sent },
      dropped: { ...this.counts.dropped },
    };
  }

  private async sendAll(): Promise<boolean> {
    for (;;) {
      this.unacked ??= this.nextBatch();
      const current = this.unacked;
      if (!current) return true;
      try {
        await this.sink.publish(Topics.LearnedRules, [{ key: this.identity.collectorId, value: current.batch }]);
      } catch (e) {
        this.counts.sendErrors++;
        this.counts.lastError = (e as Error).message;
        if (e instanceof KafkaError && !e.retriable) {
          this.logger.error(`learned-rules batch ${current.batch.batchId} refused for good, dropped: ${(e as Error).message}`);
          this.drop('rejected', current.keys.length);
          this.unacked = undefined;
          continue;
        }
        this.logger.warn(`learned-rules batch ${current.batch.batchId} not delivered, kept for the next flush: ${(e as Error).message}`);
        return false;
      }
      current.batch.rules.forEach((r, i) => this.acked.add(current.keys[i], r));
      this.counts.sent.batches++;
      this.counts.sent.rules += current.keys.length;
      this.unacked = undefined;
    }
  }

  private nextBatch(): { batch: LearnedRulesBatch; keys: string[]; keySet: Set<string> } | undefined {
    const taken = this.pending.take(MAX_BATCH_RULES, MAX_BATCH_BYTES);
    if (taken.length === 0) return undefined;
    const batch: LearnedRulesBatch = { ...this.identity, batchId: randomUUID(), rules: taken.map(([, r]) => r) };
    const keys = taken.map(([k]) => k);
    return { batch, keys, keySet: new Set(keys) };
  }

  private drop(cause: LearnedDropCause, n: number): void {
    this.counts.dropped[cause] = (this.counts.dropped[cause] ?? 0) + n;
  }
}
