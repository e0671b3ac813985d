import type { EmbeddedRedis } from '@fsmon/embedded';
import { RedisCommandError, RedisUsageError, redisScript, type RedisStore } from '../src';
import { connectedStore, startRedis } from './redis-test-env';

describe('RedisStore (real redis-server)', () => {
  let redis: EmbeddedRedis;
  let sut: RedisStore;
  beforeAll(async () => {
    redis = await startRedis();
    sut = await connectedStore(redis.url, 'redis-store');
  });
  afterAll(async () => {
    await sut?.quit();
    await redis?.stop();
  });

  it('reports a ready connection and a ping round trip', async () => {
    expect(sut.status()).toMatchObject({ state: 'ready', connects: 1, unavailable: 0 });
    expect(await sut.ping()).toBeGreaterThanOrEqual(0);
  });

  it('get/set/mget/del, ifAbsent and ttl', async () => {
    const [a, b, gone] = [sut.keys.misc('a'), sut.keys.misc('b'), sut.keys.misc('gone')];
    expect(await sut.set(a, '1')).toBe(true);
    expect(await sut.set(a, '2', { ifAbsent: true })).toBe(false);
    expect(await sut.set(b, 'x', { ttlMs: 60_000 })).toBe(true);
    expect(await sut.mget([a, b, gone])).toEqual(['1', 'x', null]);
    const pttl = (await sut.eval(redisScript(`return redis.call('PTTL', KEYS[1])`), [b], [])) as number;
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(await sut.incrBy(a, 41)).toBe(42);
    expect(await sut.del(a, b, gone)).toBe(2);
    expect(await sut.get(a)).toBeNull();
  });

  it('hash and set operations', async () => {
    const h = sut.keys.group('web:frontend');
    expect(await sut.hset(h, { rev: '3', doc: '{"a":1}' })).toBe(2);
    expect(await sut.hget(h, 'rev')).toBe('3');
    expect(await sut.hgetall(h)).toEqual({ rev: '3', doc: '{"a":1}' });
    expect(await sut.hdel(h, ['doc', 'missing'])).toBe(1);
    expect(await sut.hgetall(sut.keys.group('nobody'))).toEqual({});
    await sut.commit([{ op: 'sadd', key: sut.keys.groupNames(), members: ['b', 'a'] }]);
    expect((await sut.smembers(sut.keys.groupNames())).sort()).toEqual(['a', 'b']);
  });

  it('streams: xadd with approximate MAXLEN, xrange/xrevrange with count, xlen', async () => {
    const s = sut.keys.auditStream();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await sut.xadd(s, { who: 'alice', what: `change ${i}`, after: '{}' }));
    expect(await sut.xlen(s)).toBe(5);
    expect(await sut.xrange(s, { count: 2 })).toEqual([
      { id: ids[0], fields: { who: 'alice', what: 'change 0', after: '{}' } },
      { id: ids[1], fields: { who: 'alice', what: 'change 1', after: '{}' } },
    ]);
    expect((await sut.xrevrange(s, { count: 1 }))[0].id).toBe(ids[4]);
    expect((await sut.xrange(s, { start: `(${ids[3]}` })).map((e) => e.id)).toEqual([ids[4]]);
    const big = sut.keys.misc('trimmed');
    for (let i = 0; i < 1000; i++) await sut.xadd(big, { i: String(i) }, { maxLen: 100 });
    const len = await sut.xlen(big);
    expect(len).toBeGreaterThanOrEqual(100);
    expect(len).toBeLessThan(1000);
  });

  it('eval runs a script by SHA, loading it when the server does not know it', async () => {
    const bump = redisScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const k = sut.keys.policyRevision();
    expect(await sut.eval(bump, [k], [5])).toBe(5);
    expect(await sut.eval(bump, [k], [1])).toBe(6);
  });

  it('refuses keys outside its prefix before sending anything', async () => {
    await expect(sut.get('fsmon:policy:revision')).rejects.toBeInstanceOf(RedisUsageError);
    await expect(sut.commit([{ op: 'del', key: 'other:x' }])).rejects.toBeInstanceOf(RedisUsageError);
    await expect(sut.eval(redisScript('return 1'), ['x'], [])).rejects.toThrow(/outside this store's prefix/);
  });

  it('turns a Redis rejection into RedisCommandError, not an outage', async () => {
    const k = sut.keys.misc('text');
    await sut.set(k, 'not a number');
    await expect(sut.incrBy(k, 1)).rejects.toBeInstanceOf(RedisCommandError);
    await expect(sut.eval(redisScript('return redis.call("NOPE")'), [], [])).rejects.toMatchObject({ code: 'REDIS_COMMAND_FAILED' });
    expect(sut.status().unavailable).toBe(0);
  });
});
