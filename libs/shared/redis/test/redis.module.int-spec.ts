import { Module } from '@nestjs/common';
import { HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import type { EmbeddedRedis } from '@fsmon/embedded';
import { REDIS_STORE, RedisHealthIndicator, RedisModule, type RedisStore } from '../src';
import { startRedis, testPrefix, waitForState } from './redis-test-env';

const REDIS_URL = Symbol('REDIS_URL');

describe(RedisModule.name, () => {
  let redis: EmbeddedRedis;
  let app: TestingModule;
  beforeAll(async () => {
    redis = await startRedis();
    @Module({ providers: [{ provide: REDIS_URL, useValue: redis.url }], exports: [REDIS_URL] })
    class ConfigLikeModule {}
    app = await Test.createTestingModule({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        RedisModule.forRootAsync({
          imports: [ConfigLikeModule],
          inject: [REDIS_URL],
          useFactory: (url: string) => ({ url, keyPrefix: testPrefix('module'), connectTimeoutMs: 500 }),
        }),
      ],
    }).compile();
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('provides a connected store under REDIS_STORE, and health reports through Terminus', async () => {
    const store = app.get<RedisStore>(REDIS_STORE);
    await store.ready(5000);
    await store.set(store.keys.misc('hello'), 'world');
    expect(await store.get(store.keys.misc('hello'))).toBe('world');
    const indicator = app.get(RedisHealthIndicator);
    const terminus = app.get(HealthCheckService);
    expect(await indicator.health()).toEqual({ up: true, details: { state: 'ready', connects: 1, latencyMs: expect.any(Number) } });
    await expect(terminus.check([() => indicator.isHealthy()])).resolves.toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });

    await redis.stop();
    expect(await indicator.health()).toMatchObject({ up: false });
    await waitForState(store, 'reconnecting');
    await expect(terminus.check([() => indicator.isHealthy()])).rejects.toMatchObject({
      status: 503,
      response: { status: 'error', error: { redis: { status: 'down', state: 'reconnecting' } } },
    });

    await redis.restart();
    await store.ready(10_000);
    expect(await indicator.isHealthy('cache')).toMatchObject({ cache: { status: 'up', connects: 2 } });
  });

  it('quits the connection when the application closes', async () => {
    const store = app.get<RedisStore>(REDIS_STORE);
    await app.close();
    expect(store.status().state).toBe('closed');
    await expect(store.ping()).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE', state: 'closed' });
  });
});
