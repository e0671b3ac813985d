import type { INestApplication } from '@nestjs/common';
import { startTestKafka, startTestRedis, type TestKafka, type TestRedis, uniquePrefix, waitUntil } from '@fsmon/testing';
import type { GroupPolicy } from '@fsmon/contracts';
import request from 'supertest';
import { ADMIN_TOKEN, startPolicyApp } from './support/policy-harness';

jest.setTimeout(60_000);

/** Real Redis (AOF on, so a restart keeps the data): validation, concurrency, atomicity, audit, outage. */
describe('policy store on Redis', () => {
  let redis: TestRedis;
  let kafka: TestKafka;
  let a: INestApplication;
  let b: INestApplication;
  const prefix = uniquePrefix('policy-store');

  const api = (app: INestApplication, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
    request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const revision = async () => (await api(a, 'get', '/groups').expect(200)).body.revision as number;

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startTestRedis({ appendonly: true }), startTestKafka()]);
    // Two instances on the same Redis prefix, as two policy replicas.
    ({ app: a } = await startPolicyApp({ redisUrl: redis.url, brokers: kafka.brokers, prefix }));
    ({ app: b } = await startPolicyApp({ redisUrl: redis.url, brokers: kafka.brokers, prefix }));
    await api(a, 'post', '/groups').send({ name: 'web', selector: { images: ['nginx:*'] } }).expect(201);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await kafka?.stop();
    await redis?.stop();
  });

  it.each([
    ['/etc/../shadow', '/etc/../shadow', 'PATTERN_DOTDOT', 'pattern'],
    ['/etc/./shadow', '/etc/./shadow', 'PATTERN_DOT_SEGMENT', 'pattern'],
    ['/etc/[sp]hadow', '/etc/[sp]hadow', 'PATTERN_BRACKETS', 'pattern'],
    ['/etc/(shadow)', '/etc/(shadow)', 'PATTERN_BRACKETS', 'pattern'],
    ['/etc/<shadow>', '/etc/<shadow>', 'PATTERN_BRACKETS', 'pattern'],
    ['/ alone', '/', 'PATTERN_ROOT', 'pattern'],
    ['a 4105-character path', `/srv/${'x'.repeat(4100)}`, 'PATTERN_TOO_LONG', 'pattern'],
    ['17 wildcards', `/srv/${'*x'.repeat(17)}`, 'PATTERN_TOO_MANY_WILDCARDS', 'pattern'],
    ['regex (a+)+$', { path: '/srv', regex: '(a+)+$' }, 'REGEX_UNSAFE', 'regex'],
    ['regex (a|aa)*b', { path: '/srv', regex: '(a|aa)*b' }, 'REGEX_UNSAFE', 'regex'],
    ['regex with a dangling backslash', { path: '/srv', regex: 'a\\' }, 'REGEX_INVALID', 'regex'],
  ])('refuses %s with 400 %s and stores nothing', async (_, input, reason, field) => {
    const before = await revision();
    const body = typeof input === 'string' ? { pattern: input } : input;
    const res = await api(a, 'post', '/groups/web/filters').send(body).expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason, field } });
    expect(await revision()).toBe(before);
  });

  it('refuses the second of two writers holding the same ETag (412) and keeps the first', async () => {
    const etag = (await api(a, 'get', '/groups/web').expect(200)).headers.etag;
    await api(a, 'put', '/groups/web/mode').set('If-Match', etag).send({ mode: 'Monitor' }).expect(200);
    const lost = await api(b, 'put', '/groups/web/mode').set('If-Match', etag).send({ mode: 'Protect' }).expect(412);
    expect(lost.body.error.details.etag).not.toBe(etag);
    expect((await api(b, 'get', '/groups/web').expect(200)).body.profile.mode).toBe('Monitor');
  });

  it('applies concurrent writers on two instances atomically, one revision each, never showing half a change', async () => {
    await api(a, 'post', '/groups').send({ name: 'busy', selector: { names: ['busy'] } }).expect(201);
    const start = await revision();
    const snapshots: { revision: number; groups: GroupPolicy[] }[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) snapshots.push((await api(b, 'get', '/groups').expect(200)).body);
    })();
    const writes = Array.from({ length: 24 }, (_, i) =>
      api(i % 2 ? a : b, 'post', `/groups/${i % 3 ? 'busy' : 'web'}/filters`)
        .send({ pattern: `/srv/app-${i}/*.conf`, behavior: 'block_access', apps: [`app-${i}`] })
        .then((r) => r.status),
    );
    const statuses = await Promise.all(writes);
    writing = false;
    await reader;
    expect(statuses).toEqual(Array(24).fill(201));
    expect(await revision()).toBe(start + 24);

    const seen = [...snapshots, (await api(a, 'get', '/groups').expect(200)).body];
    for (const [i, snap] of seen.entries()) {
      if (i > 0) expect(snap.revision).toBeGreaterThanOrEqual(seen[i - 1].revision);
      for (const g of snap.groups as GroupPolicy[]) {
        expect(g.revision).toBeLessThanOrEqual(snap.revision);
        const customer = g.profile.filters.filter((f) => f.customerAdd);
        expect(Object.keys(g.accessRule.filters).sort()).toEqual(customer.map((f) => `${f.path}/${f.regex}`).sort());
      }
    }
    const final = seen[seen.length - 1].groups as GroupPolicy[];
    const count = (name: string) => final.find((g) => g.name === name)?.profile.filters.filter((f) => f.customerAdd && f.path.startsWith('/srv/')).length;
    expect([count('busy'), count('web')]).toEqual([16, 8]);

    const audit = (await api(a, 'get', '/audit?limit=24').expect(200)).body.entries as { revision: number; action: string; changes: { name: string; before: GroupPolicy; after: GroupPolicy }[] }[];
    expect(audit.map((e) => e.revision)).toEqual(Array.from({ length: 24 }, (_, i) => start + 24 - i));
    for (const e of audit) {
      expect(e.action).toBe('filter.add');
      const [c] = e.changes;
      expect(c.after.revision).toBe(e.revision);
      expect(c.after.profile.filters.length).toBe(c.before.profile.filters.length + 1);
    }
  });

  it('records who changed what with the before and after state, never the token', async () => {
    await api(a, 'put', `/groups/web/access-rules/${encodeURIComponent('/srv/app-0/.*\\.conf')}`).send({ apps: ['app-0', 'vim'] }).expect(200);
    const res = await api(a, 'get', '/audit?limit=1').expect(200);
    const [entry] = res.body.entries;
    expect(entry).toMatchObject({ action: 'access.set', who: expect.stringMatching(/^admin:token:[0-9a-f]{12}$/), revision: await revision() });
    expect(entry.changes[0].before.accessRule.filters['/srv/app-0/.*\\.conf'].apps).toEqual(['app-0']);
    expect(entry.changes[0].after.accessRule.filters['/srv/app-0/.*\\.conf'].apps).toEqual(['app-0', 'vim']);
    expect(JSON.stringify(res.body)).not.toContain(ADMIN_TOKEN);
    const older = await api(a, 'get', `/audit?limit=2&before=${entry.id}`).expect(200);
    expect(older.body.entries[0].revision).toBe(entry.revision - 1);
  });

  it('answers 503 STORE_UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const before = (await api(a, 'get', '/groups/web').expect(200)).body as GroupPolicy;
    await redis.embedded.stop();
    const down = await api(a, 'get', '/groups/web').expect(503);
    expect(down.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(down.headers['retry-after']).toBe('1');
    expect((await api(b, 'post', '/groups/web/filters').send({ pattern: '/tmp/x' }).expect(503)).body.error.code).toBe('STORE_UNAVAILABLE');
    expect((await request(a.getHttpServer()).get('/health').expect(503)).body.error).toHaveProperty('redis');

    await redis.embedded.restart();
    // Each instance reconnects on its own backoff: wait for both.
    const answering = (app: INestApplication) =>
      waitUntil('the policy API to answer again', async () => {
        const res = await api(app, 'get', '/groups/web');
        return res.status === 200 ? (res.body as GroupPolicy) : undefined;
      });
    const [afterA, afterB] = await Promise.all([answering(a), answering(b)]);
    expect(afterA).toEqual(before);
    expect(afterB).toEqual(before);
    await api(b, 'post', '/groups/web/filters').send({ pattern: '/tmp/after-restart' }).expect(201);
  });
});
