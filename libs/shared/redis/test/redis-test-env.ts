import { randomBytes } from 'node:crypto';
import { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from '@fsmon/embedded';
import { createRedisClient, type RedisClientOptions, type RedisConnectionState, type RedisStore } from '../src';

// Adapter libs may not import @fsmon/testing (module boundaries), so these tests keep this small copy.

/** A private redis-server on a free loopback port. */
export function startRedis(opts: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  return startEmbeddedRedis(opts);
}

/** A key prefix no other test or run shares. */
export function testPrefix(name: string): string {
  return `test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** A connected store (bounded wait), with the test's own prefix. */
export async function connectedStore(url: string, name: string, opts: Partial<RedisClientOptions> = {}): Promise<RedisStore> {
  const store = createRedisClient({ url, keyPrefix: testPrefix(name), ...opts });
  await store.ready(5000);
  return store;
}

/** Resolves when the store reaches the state; rejects with a clear message after timeoutMs. */
export function waitForState(store: RedisStore, state: RedisConnectionState, timeoutMs = 5000): Promise<void> {
  if (store.status().state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`store not ${state} within ${timeoutMs} ms (is ${store.status().state})`));
    }, timeoutMs);
    const off = store.onStateChange((s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
