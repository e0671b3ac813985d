import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { REDIS_STORE } from './redis.di-tokens';
import type { RedisStore } from './redis-store';

/**
 * Redis health: down unless connected and answering PING within the command timeout. Usable both as
 * an app-kit HealthContributor (`healthName` + `health()`) and as a Terminus indicator
 * (`() => redisHealth.isHealthy()` in HealthCheckService.check). Never throws.
 */
@Injectable()
export class RedisHealthIndicator {
  readonly healthName = 'redis';

  constructor(
    @Inject(REDIS_STORE) private readonly store: RedisStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async health(): Promise<{ up: boolean; details: Record<string, unknown> }> {
    const { state, connects, unavailable, lastError } = this.store.status();
    if (state !== 'ready') return { up: false, details: { state, connects, unavailable, lastError } };
    try {
      const latencyMs = Math.round((await this.store.ping()) * 100) / 100;
      return { up: true, details: { state, connects, latencyMs } };
    } catch (e) {
      return { up: false, details: { state: this.store.status().state, error: (e as Error).message } };
    }
  }

  async isHealthy(key = this.healthName): Promise<HealthIndicatorResult> {
    const { up, details } = await this.health();
    const session = this.indicators.check(key);
    return up ? session.up(details) : session.down(details);
  }
}
