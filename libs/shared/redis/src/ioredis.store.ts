import { performance } from 'node:perf_hooks';
import { commitScript, encodeCommit, encodeRead, positiveInt, readVersionsScript, xaddArgs } from './redis-commit.script';
import type { RedisConnection } from './redis-connection';
import { RedisCommandError, RedisUsageError } from './redis.errors';
import { redisKeys, type RedisKeys } from './redis-keys';
import type { RedisScript } from './redis-script';
import type {
  OptimisticPlan,
  RedisConnectionState,
  RedisConnectionStatus,
  RedisReply,
  RedisStore,
  RedisWrite,
  StreamEntry,
  StreamRange,
  VersionGuard,
  VersionRef,
} from './redis-store';

type RawEntry = [string, string[]];

/** RedisStore over one fail-fast ioredis connection; see RedisStore for the semantics. */
export class IoRedisStore implements RedisStore {
  readonly keys: RedisKeys;

  constructor(
    private readonly conn: RedisConnection,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  status(): RedisConnectionStatus {
    return this.conn.status();
  }
  onStateChange(listener: (state: RedisConnectionState) => void): () => void {
    return this.conn.onStateChange(listener);
  }
  ready(timeoutMs: number): Promise<void> {
    return this.conn.ready(timeoutMs);
  }
  quit(): Promise<void> {
    return this.conn.quit();
  }

  async ping(): Promise<number> {
    const start = performance.now();
    await this.conn.run('PING', (c) => c.ping());
    return performance.now() - start;
  }

  async get(key: string) {
    const k = this.key(key);
    return this.conn.run('GET', (c) => c.get(k));
  }
  async mget(keys: readonly string[]) {
    const ks = keys.map((k) => this.key(k));
    return ks.length === 0 ? Promise.resolve([]) : this.conn.run('MGET', (c) => c.mget(ks));
  }
  async set(key: string, value: string, opts: { ttlMs?: number; ifAbsent?: boolean } = {}) {
    const args = [this.key(key), value];
    if (opts.ttlMs !== undefined) args.push('PX', String(positiveInt(opts.ttlMs, 'ttlMs')));
    if (opts.ifAbsent) args.push('NX');
    return (await this.conn.run('SET', (c) => c.call('SET', args))) === 'OK';
  }
  async del(...keys: string[]) {
    const ks = keys.map((k) => this.key(k));
    return ks.length === 0 ? Promise.resolve(0) : this.conn.run('DEL', (c) => c.del(ks));
  }
  async incrBy(key: string, by: number) {
    const k = this.key(key);
    if (!Number.isSafeInteger(by)) throw new RedisUsageError(`incrBy ${key}: ${by} is not a safe integer`);
    return this.conn.run('INCRBY', (c) => c.incrby(k, by));
  }
  async hget(key: string, field: string) {
    const k = this.key(key);
    return this.conn.run('HGET', (c) => c.hget(k, field));
  }
  async hgetall(key: string) {
    const k = this.key(key);
    return this.conn.run('HGETALL', (c) => c.hgetall(k));
  }
  async hset(key: string, fields: Readonly<Record<string, string>>) {
    const k = this.key(key);
    if (Object.keys(fields).length === 0) throw new RedisUsageError(`hset ${key}: no fields`);
    return this.conn.run('HSET', (c) => c.hset(k, fields));
  }
  async hdel(key: string, fields: readonly string[]) {
    const k = this.key(key);
    if (fields.length === 0) throw new RedisUsageError(`hdel ${key}: no fields`);
    return this.conn.run('HDEL', (c) => c.hdel(k, ...fields));
  }
  async smembers(key: string) {
    const k = this.key(key);
    return this.conn.run('SMEMBERS', (c) => c.smembers(k));
  }

  async xadd(key: string, fields: Readonly<Record<string, string>>, opts: { maxLen?: number } = {}) {
    const args = [this.key(key), ...xaddArgs(fields, opts.maxLen)];
    return String(await this.conn.run('XADD', (c) => c.call('XADD', args)));
  }
  async xrange(key: string, range: StreamRange = {}) {
    const args = [this.key(key), range.start ?? '-', range.end ?? '+', ...count(range)];
    return toEntries(await this.conn.run('XRANGE', (c) => c.call('XRANGE', args)));
  }
  async xrevrange(key: string, range: StreamRange = {}) {
    const args = [this.key(key), range.start ?? '+', range.end ?? '-', ...count(range)];
    return toEntries(await this.conn.run('XREVRANGE', (c) => c.call('XREVRANGE', args)));
  }
  async xlen(key: string) {
    const k = this.key(key);
    return this.conn.run('XLEN', (c) => c.xlen(k));
  }

  async eval(script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<RedisReply> {
    const argv = [...keys.map((k) => this.key(k)), ...args];
    return await this.conn.run('EVALSHA', async (c) => {
      try {
        return (await c.evalsha(script.sha, keys.length, ...argv)) as RedisReply;
      } catch (e) {
        if (!(e instanceof Error && e.message.startsWith('NOSCRIPT'))) throw e;
        return (await c.eval(script.lua, keys.length, ...argv)) as RedisReply;
      }
    });
  }

  async commit(writes: readonly RedisWrite[], guards: readonly VersionGuard[] = []): Promise<RedisReply[] | 'conflict'> {
    if (writes.length === 0) return [];
    const { keys, args } = encodeCommit(writes, guards);
    const reply = (await this.eval(commitScript, keys, args)) as RedisReply[];
    if (reply[0] === 0) return 'conflict';
    if (reply[0] === -1) throw new RedisCommandError('COMMIT', `write #${String(reply[1])} refused, nothing written: ${String(reply[2])}`);
    return reply[1] as RedisReply[];
  }

  async optimistic<T>(
    versions: readonly VersionRef[],
    decide: (current: (string | null)[]) => OptimisticPlan<T> | Promise<OptimisticPlan<T>>,
    opts: { attempts?: number } = {},
  ): Promise<{ value: T; replies: RedisReply[] } | 'conflict'> {
    const attempts = positiveInt(opts.attempts ?? 1, 'attempts');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const current = await this.readVersions(versions);
      const plan = await decide(current);
      const replies = await this.commit(plan.writes, versions.map((v, i) => ({ ...v, equals: current[i] })));
      if (replies !== 'conflict') return { value: plan.value, replies };
    }
    return 'conflict';
  }

  private async readVersions(refs: readonly VersionRef[]): Promise<(string | null)[]> {
    if (refs.length === 0) return [];
    const { keys, args } = encodeRead(refs);
    return (await this.eval(readVersionsScript, keys, args)) as (string | null)[];
  }

  private key(key: string): string {
    if (!key.startsWith(this.keys.prefix)) throw new RedisUsageError(`key "${key}" is outside this store's prefix "${this.keys.prefix}"`);
    return key;
  }
}

function count(range: StreamRange): string[] {
  return range.count === undefined ? [] : ['COUNT', String(positiveInt(range.count, 'count'))];
}

function toEntries(raw: unknown): StreamEntry[] {
  return (raw as RawEntry[]).map(([id, flat]) => {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    return { id, fields: Object.fromEntries(pairs) };
  });
}
