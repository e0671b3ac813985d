import { IoRedisStore } from './ioredis.store';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection';
import { RedisUsageError } from './redis.errors';
import { redisKeys } from './redis-keys';
import type { RedisStore } from './redis-store';

export interface RedisClientOptions extends RedisConnectionOptions {
  /** Every key this store touches starts with it: `fsmon:` in production, unique per test. */
  keyPrefix: string;
}

/**
 * Creates the store and starts connecting in the background; it does not wait. Commands fail with
 * RedisUnavailableError until the connection is ready (use `ready(timeoutMs)` to wait for it).
 * Throws RedisUsageError for a malformed url or prefix. Call quit() when done.
 */
export function createRedisClient(options: RedisClientOptions): RedisStore {
  if (!/^rediss?:\/\/[^/]/.test(options.url)) throw new RedisUsageError(`Redis url "${options.url}" must look like redis://host:port`);
  redisKeys(options.keyPrefix);
  return new IoRedisStore(new RedisConnection(options), options.keyPrefix);
}
