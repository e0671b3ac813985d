import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { REDIS_STORE, type RedisStore } from '@fsmon/redis';
import type { PolicyConfig } from '../policy.config';
import { GroupRepository } from '../store/group.repository';
import { POLICY_CONFIG } from '../store/policy.di-tokens';
import { PolicyPublisher } from './policy.publisher';

/**
 * Publishes every group's current policy when the app starts (a fresh broker gets the whole state),
 * whenever Redis becomes reachable again, and every POLICY_REPUBLISH_INTERVAL_S. Collectors read the
 * policy topic from the beginning, so they get the current policy without waiting for a change.
 */
@Injectable()
export class PolicyRepublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PolicyRepublisher.name);
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly repo: GroupRepository,
    private readonly publisher: PolicyPublisher,
    @Inject(REDIS_STORE) private readonly store: RedisStore,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.store.onStateChange((state) => {
      if (state === 'ready') void this.republish('Redis ready');
    });
    if (this.store.status().state === 'ready') void this.republish('start');
    const every = this.config.push.republishIntervalMs;
    if (every > 0) this.timer = setInterval(() => void this.republish('interval'), every);
  }

  /** Publishes the current state; concurrent calls share one run. Never throws. */
  republish(why: string): Promise<void> {
    this.running ??= this.run(why).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when the current re-publication (if any) settled. */
  async settled(): Promise<void> {
    await this.running;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  private async run(why: string): Promise<void> {
    try {
      const { revision, groups } = await this.repo.snapshot();
      const outcome = groups.length === 0 ? 'pushed' : await this.publisher.push(groups, { republish: true });
      this.logger.log(`republished ${groups.length} group policies at revision ${revision} (${why}): ${outcome}`);
    } catch (e) {
      this.logger.warn(`republishing the policy (${why}) failed: ${(e as Error).message}`);
    }
  }
}
