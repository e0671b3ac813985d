import type { EmbeddedRedis } from '@fsmon/embedded';
import { RedisCommandError, type RedisStore, type RedisWrite } from '../src';
import { connectedStore, startRedis } from './redis-test-env';

describe('RedisStore.optimistic / commit (real redis-server)', () => {
  let redis: EmbeddedRedis;
  let sut: RedisStore;
  let other: RedisStore;
  beforeAll(async () => {
    redis = await startRedis();
  });
  beforeEach(async () => {
    sut = await connectedStore(redis.url, 'optimistic');
    other = await connectedStore(redis.url, 'optimistic', { keyPrefix: sut.keys.prefix });
  });
  afterEach(async () => {
    await Promise.all([sut?.quit(), other?.quit()]);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const change = (s: RedisStore, doc: string, rev: number): RedisWrite[] => [
    { op: 'set', key: s.keys.group('g'), value: doc },
    { op: 'set', key: s.keys.policyRevision(), value: String(rev) },
    { op: 'xadd', key: s.keys.auditStream(), fields: { who: 'alice', after: doc, revision: String(rev) }, maxLen: 1000 },
  ];

  it('commits every write atomically and returns the replies', async () => {
    const outcome = await sut.optimistic([{ key: sut.keys.policyRevision() }], ([rev]) => {
      expect(rev).toBeNull();
      return { writes: [...change(sut, 'v1', 1), { op: 'incrby', key: sut.keys.misc('n'), by: 2 }], value: 'created' };
    });
    expect(outcome).toEqual({ value: 'created', replies: ['OK', 'OK', expect.stringMatching(/^\d+-\d+$/), 2] });
    expect(await sut.mget([sut.keys.group('g'), sut.keys.policyRevision()])).toEqual(['v1', '1']);
    expect(await sut.xlen(sut.keys.auditStream())).toBe(1);
  });

  it("returns 'conflict' and writes nothing when another writer changes a version between read and commit", async () => {
    const rev = sut.keys.policyRevision();
    await sut.set(rev, '1');
    const outcome = await sut.optimistic([{ key: rev }], async ([current]) => {
      expect(current).toBe('1');
      await other.incrBy(rev, 1);
      return { writes: change(sut, 'mine', 2), value: 'x' };
    });
    expect(outcome).toBe('conflict');
    expect(await sut.get(rev)).toBe('2');
    expect(await sut.get(sut.keys.group('g'))).toBeNull();
    expect(await sut.xlen(sut.keys.auditStream())).toBe(0);
  });

  it('re-reads and re-decides on conflict when given more attempts', async () => {
    const rev = sut.keys.policyRevision();
    await sut.set(rev, '1');
    const seen: (string | null)[] = [];
    const outcome = await sut.optimistic(
      [{ key: rev }],
      async ([current]) => {
        seen.push(current);
        if (seen.length === 1) await other.set(rev, '5');
        return { writes: change(sut, 'mine', Number(current) + 1), value: Number(current) + 1 };
      },
      { attempts: 3 },
    );
    expect(seen).toEqual(['1', '5']);
    expect(outcome).toMatchObject({ value: 6 });
    expect(await sut.get(rev)).toBe('6');
  });

  it.each([
    ['a hash field version changes', { key: 'group', field: 'rev' }, (s: RedisStore) => s.hset(s.keys.group('g'), { rev: '8' })],
    ['an absent key gets created', { key: 'misc' }, (s: RedisStore) => s.set(s.keys.misc('new'), 'theirs')],
  ] as const)('guards: conflict when %s', async (_, ref, interfere) => {
    const key = ref.key === 'group' ? sut.keys.group('g') : sut.keys.misc('new');
    if (ref.key === 'group') await sut.hset(key, { rev: '7' });
    const target = sut.keys.misc('target');
    const outcome = await sut.optimistic([{ key, ...('field' in ref ? { field: ref.field } : {}) }], async () => {
      await interfere(other);
      return { writes: [{ op: 'set', key: target, value: 'mine' }], value: null };
    });
    expect(outcome).toBe('conflict');
    expect(await sut.get(target)).toBeNull();
  });

  it.each<[string, string | null, 'applied' | 'conflict']>([
    ['an empty string matches ""', '', 'applied'],
    ['an empty string is not absent', null, 'conflict'],
    ['a value is not another value', 'x', 'conflict'],
  ])('commit guards: %s', async (_, equals, expected) => {
    const [guarded, target] = [sut.keys.misc('empty'), sut.keys.misc('target')];
    await sut.set(guarded, '');
    const outcome = await sut.commit([{ op: 'set', key: target, value: 'v' }], [{ key: guarded, equals }]);
    expect(outcome === 'conflict' ? 'conflict' : 'applied').toBe(expected);
    expect(await sut.get(target)).toBe(expected === 'applied' ? 'v' : null);
  });

  it('sends nothing when decide() returns no writes (e.g. If-Match mismatch)', async () => {
    const outcome = await sut.optimistic([{ key: sut.keys.policyRevision() }], () => ({ writes: [], value: 412 }));
    expect(outcome).toEqual({ value: 412, replies: [] });
  });

  it.each<[string, (s: RedisStore) => RedisWrite[]]>([
    ['HSET on a string key', (s) => [{ op: 'hset', key: s.keys.misc('str'), fields: { f: 'v' } }]],
    ['INCRBY on a non-integer', (s) => [{ op: 'incrby', key: s.keys.misc('str'), by: 1 }]],
    ['SADD after SET in the same commit', (s) => [{ op: 'set', key: s.keys.misc('fresh'), value: '1' }, { op: 'sadd', key: s.keys.misc('fresh'), members: ['m'] }]],
    ['INCRBY after SET of a non-integer', (s) => [{ op: 'set', key: s.keys.misc('fresh'), value: 'x' }, { op: 'incrby', key: s.keys.misc('fresh'), by: 1 }]],
  ])('refuses a commit whose write would fail (%s) before writing anything', async (_, bad) => {
    await sut.set(sut.keys.misc('str'), 'text');
    const marker = sut.keys.misc('marker');
    await expect(sut.commit([{ op: 'set', key: marker, value: 'written' }, ...bad(sut)])).rejects.toBeInstanceOf(RedisCommandError);
    expect(await sut.mget([marker, sut.keys.misc('fresh')])).toEqual([null, null]);
  });

  it('keeps the exact count under concurrent read-modify-write loops (no lost update)', async () => {
    const [workers, perWorker] = [6, 20];
    const stores = await Promise.all(Array.from({ length: workers }, () => connectedStore(redis.url, 'optimistic', { keyPrefix: sut.keys.prefix })));
    const counter = sut.keys.misc('counter');
    let conflicts = 0;
    try {
      await Promise.all(
        stores.map(async (s, w) => {
          for (let i = 0; i < perWorker; i++) {
            const outcome = await s.optimistic(
              [{ key: counter }],
              async ([current]) => {
                conflicts++;
                await new Promise(setImmediate);
                const next = String(Number(current ?? '0') + 1);
                return { writes: [{ op: 'set', key: counter, value: next }, { op: 'xadd', key: s.keys.auditStream(), fields: { who: `w${w}`, after: next } }], value: next };
              },
              { attempts: 10_000 },
            );
            if (outcome === 'conflict') throw new Error(`worker ${w} gave up after 10000 attempts`);
            conflicts--;
          }
        }),
      );
    } finally {
      await Promise.all(stores.map((s) => s.quit()));
    }
    expect(await sut.get(counter)).toBe(String(workers * perWorker));
    const audit = await sut.xrange(sut.keys.auditStream());
    expect(audit.map((e) => Number(e.fields.after))).toEqual(Array.from({ length: workers * perWorker }, (_, i) => i + 1));
    expect(conflicts).toBeGreaterThan(0);
  });
});
