import { Inject, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { createRedisClient, type RedisClientOptions } from './redis-client.factory';
import { REDIS_OPTIONS, REDIS_STORE } from './redis.di-tokens';
import { RedisHealthIndicator } from './redis.health';
import type { RedisStore } from './redis-store';

export interface RedisModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => RedisClientOptions | Promise<RedisClientOptions>;
}

/**
 * Provides the RedisStore under REDIS_STORE and RedisHealthIndicator; quits the connection on
 * shutdown. Startup does not wait for Redis: until it answers, commands fail with
 * RedisUnavailableError and health is down, and the connection keeps retrying.
 */
@Module({})
export class RedisModule implements OnModuleDestroy {
  constructor(@Inject(REDIS_STORE) private readonly store: RedisStore) {}

  static forRootAsync(options: RedisModuleAsyncOptions): DynamicModule {
    return {
      module: RedisModule,
      imports: options.imports ?? [],
      providers: [
        { provide: REDIS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        { provide: REDIS_STORE, inject: [REDIS_OPTIONS], useFactory: (o: RedisClientOptions) => createRedisClient(o) },
        HealthIndicatorService,
        RedisHealthIndicator,
      ],
      exports: [REDIS_STORE, RedisHealthIndicator],
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.quit();
  }
}
