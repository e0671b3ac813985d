import type { EmbeddedRedis } from '@fsmon/embedded';
import { createRedisClient, redisScript, RedisUnavailableError, type RedisConnectionState, type RedisStore } from '../src';
import { startRedis, testPrefix, waitForState } from './redis-test-env';

// A command timeout far above the jest timeout: a command that waited for Redis instead of failing
// fast would fail these tests by timing out.
const NO_TIMEOUT = { commandTimeoutMs: 60_000, reconnectMaxMs: 200 };

describe('RedisStore outage and recovery (real redis-server)', () => {
  let redis: EmbeddedRedis;
  let sut: RedisStore;
  const states: RedisConnectionState[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    sut = createRedisClient({ url: redis.url, keyPrefix: testPrefix('outage'), ...NO_TIMEOUT });
    sut.onStateChange((s) => states.push(s));
    await sut.ready(5000);
  });
  afterAll(async () => {
    await sut?.quit();
    await redis?.stop();
  });

  it('rejects commands at once with RedisUnavailableError while Redis is down, then recovers by itself', async () => {
    const k = sut.keys.misc('k');
    await sut.set(k, 'before');
    await redis.stop();
    await expect(sut.get(k)).rejects.toBeInstanceOf(RedisUnavailableError);
    await waitForState(sut, 'reconnecting');
    await expect(sut.commit([{ op: 'set', key: k, value: 'x' }])).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE', state: 'reconnecting' });
    expect(sut.status()).toMatchObject({ state: 'reconnecting', connects: 1 });
    expect(sut.status().unavailable).toBeGreaterThanOrEqual(2);
    await expect(sut.ready(300)).rejects.toThrow(/not ready within 300 ms/);

    await redis.restart();
    await sut.ready(10_000);
    expect(await sut.get(k)).toBeNull();
    await sut.set(k, 'after');
    expect(await sut.get(k)).toBe('after');
    expect(sut.status()).toMatchObject({ state: 'ready', connects: 2 });
    expect(states).toEqual(expect.arrayContaining(['ready', 'reconnecting']));
    expect(states.at(-1)).toBe('ready');
  });

  it('rejects a command in flight when the server dies, and never resends it', async () => {
    const counter = sut.keys.misc('in-flight');
    // Busy for ~300 ms inside Redis, then increments: enough time to kill the server mid-command.
    const slow = redisScript(`
      local t0 = redis.call('TIME')
      repeat local t = redis.call('TIME') until (t[1] - t0[1]) * 1e6 + (t[2] - t0[2]) > 300000
      return redis.call('INCR', KEYS[1])`);
    await sut.eval(slow, [counter], []);
    await sut.del(counter);
    const inFlight = sut.eval(slow, [counter], []);
    await new Promise((r) => setTimeout(r, 50));
    process.kill(redis.pid, 'SIGKILL');
    await expect(inFlight).rejects.toBeInstanceOf(RedisUnavailableError);
    await redis.restart();
    await sut.ready(10_000);
    expect(await sut.get(counter)).toBeNull();
  });

  it('starts without Redis: fails fast until a server appears on its url, then connects by itself', async () => {
    const late = await startRedis();
    const port = late.port;
    await late.stop();
    const store = createRedisClient({ url: `redis://127.0.0.1:${port}`, keyPrefix: testPrefix('late'), ...NO_TIMEOUT });
    let server: EmbeddedRedis | undefined;
    try {
      expect(store.status().state).toBe('connecting');
      await expect(store.ping()).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE', state: 'connecting' });
      server = await startRedis({ port });
      await store.ready(10_000);
      expect(await store.ping()).toBeGreaterThanOrEqual(0);
    } finally {
      await store.quit();
      await server?.stop();
    }
    expect(store.status().state).toBe('closed');
    await expect(store.ping()).rejects.toMatchObject({ state: 'closed' });
  });

  it('quit() while still connecting stops the retries for good', async () => {
    const probe = await startRedis();
    const port = probe.port;
    await probe.stop();
    const store = createRedisClient({ url: `redis://127.0.0.1:${port}`, keyPrefix: testPrefix('quit'), ...NO_TIMEOUT });
    await new Promise((r) => setTimeout(r, 100));
    await store.quit();
    await probe.restart();
    // Longer than the reconnect backoff (max 200 ms here): a live retry loop would have connected.
    await new Promise((r) => setTimeout(r, 600));
    try {
      await expect(store.ready(60_000)).rejects.toMatchObject({ state: 'closed' });
      expect(store.status()).toMatchObject({ state: 'closed', connects: 0 });
    } finally {
      await probe.stop();
    }
  });
});
