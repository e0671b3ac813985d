import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type GroupPolicy, Topics } from '@fsmon/contracts';
import { EVENT_PUBLISHER, type EventPublisher } from '@fsmon/kafka';
import type { PolicyConfig } from '../policy.config';
import { policyMetrics } from '../policy.metrics';
import { POLICY_CONFIG } from '../store/policy.di-tokens';

/** `pushed`: the broker acknowledged these revisions (or newer); `pending`: not yet, retried in the background. */
export type PushOutcome = 'pushed' | 'pending';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * Pushes group policies to `fsmon.policy.v1` (key = group name, latest per key wins). Sends are
 * serialised and coalesced: concurrent pushes go out together, and per group only the highest
 * revision is sent, never an older one after a newer one. A failed send keeps its policies pending
 * and retries them with backoff until the broker takes them, so a committed change always reaches
 * the topic eventually.
 */
@Injectable()
export class PolicyPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(PolicyPublisher.name);
  private readonly pending = new Map<string, GroupPolicy>();
  private readonly sent = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private retryTimer?: NodeJS.Timeout;
  private retryDelay = RETRY_MIN_MS;
  private closed = false;

  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {}

  /**
   * Queues the policies and resolves once a send including them settled, or after
   * POLICY_PUSH_WAIT_MS (`pending`: the send goes on in the background, so an admin request never
   * hangs on a broker outage). `republish` also sends a revision that was already sent (a full
   * re-publication), never one older than that.
   */
  async push(policies: readonly GroupPolicy[], opts: { republish?: boolean } = {}): Promise<PushOutcome> {
    for (const p of policies) {
      const sent = this.sent.get(p.name) ?? -1;
      const queued = this.pending.get(p.name)?.revision ?? -1;
      if ((opts.republish ? p.revision >= sent : p.revision > sent) && p.revision > queued) this.pending.set(p.name, p);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise((resolve) => (timer = setTimeout(resolve, this.config.push.waitMs)))]);
    clearTimeout(timer);
    return policies.every((p) => (this.sent.get(p.name) ?? -1) >= p.revision) ? 'pushed' : 'pending';
  }

  /** Policies waiting for the broker. */
  get backlog(): number {
    return this.pending.size;
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
  }

  private flush(): Promise<void> {
    const run = this.chain.then(() => this.sendPending());
    this.chain = run.catch(() => undefined);
    return this.chain;
  }

  private async sendPending(): Promise<void> {
    if (this.pending.size === 0 || this.closed) return;
    const batch = [...this.pending.values()].sort((a, b) => a.revision - b.revision);
    this.pending.clear();
    try {
      await this.publisher.publish(Topics.Policy, batch.map((p) => ({ key: p.name, value: p })));
      for (const p of batch) this.sent.set(p.name, Math.max(p.revision, this.sent.get(p.name) ?? -1));
      policyMetrics().pushes.inc({ result: 'sent' }, batch.length);
      this.retryDelay = RETRY_MIN_MS;
    } catch (e) {
      for (const p of batch) if ((this.pending.get(p.name)?.revision ?? -1) < p.revision) this.pending.set(p.name, p);
      policyMetrics().pushes.inc({ result: 'failed' }, batch.length);
      this.logger.warn(`push of ${batch.length} group policies failed, retrying in ${this.retryDelay} ms: ${(e as Error).message}`);
      this.scheduleRetry();
      throw e;
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
  }
}
