// The only owner of ioredis: a narrow RedisStore facade, its key builder and its Nest module.
export * from './redis-store';
export * from './redis.errors';
export * from './redis-keys';
export * from './redis-script';
export * from './redis-client.factory';
export type { RedisConnectionOptions } from './redis-connection';
export * from './redis.di-tokens';
export * from './redis.health';
export * from './redis.module';
