import type { INestApplication } from '@nestjs/common';
import { type CollectorStatus, type LearnedRulesBatch, Topics } from '@fsmon/contracts';
import { EventPublisher } from '@fsmon/kafka';
import { BUILT_IN_FILTERS } from '@fsmon/rules';
import { collectorStatus, startTestKafka, startTestRedis, type TestKafka, type TestRedis, uniqueGroupId, waitUntil } from '@fsmon/testing';
import request from 'supertest';
import { PolicyCache } from './support/policy-cache';
import { ADMIN_TOKEN, startPolicyApp } from './support/policy-harness';

jest.setTimeout(60_000);

/** On the embedded broker: pushes reach a collector's rule cache; learned rules and statuses come in. */
describe('policy push and intake', () => {
  let redis: TestRedis;
  let kafka: TestKafka;
  let app: INestApplication;
  let prefix: string;
  let publisher: EventPublisher;
  const caches: PolicyCache[] = [];
  let running: PolicyCache;

  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string) => request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const cache = async (k = kafka) => {
    const c = new PolicyCache(k.kafka, uniqueGroupId('collector'));
    caches.push(c);
    await c.start();
    return c;
  };
  const learned = (batchId: string, rules: LearnedRulesBatch['rules']): LearnedRulesBatch => ({ collectorId: 'c1', host: { id: 'h1', name: 'node-1' }, batchId, rules });
  const appsOf = async (group: string, key: string) => (await api('get', `/groups/${group}/access-rules/${encodeURIComponent(key)}`).expect(200)).body.apps as string[];

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startTestRedis(), startTestKafka()]);
    ({ app, prefix } = await startPolicyApp({ redisUrl: redis.url, brokers: kafka.brokers, env: { POLICY_COLLECTOR_LAG_GRACE_MS: '0' } }));
    publisher = new EventPublisher(kafka.kafka);
  });

  afterAll(async () => {
    await Promise.all(caches.map((c) => c.stop()));
    await publisher?.disconnect();
    await app?.close();
    await kafka?.stop();
    await redis?.stop();
  });

  it('pushes each change to a running collector cache, with its revision, filters and apps; deletes as tombstones', async () => {
    const collector = (running = await cache());
    await api('post', '/groups').send({ name: 'web', selector: { images: ['nginx:*'] } }).expect(201);
    const added = await api('post', '/groups/web/filters').send({ pattern: '/data/*.db', behavior: 'block_access', apps: ['/usr/bin/sqlite3'] }).expect(201);
    const revision = Number(added.headers['x-policy-revision']);
    expect(added.headers['x-policy-push']).toBe('pushed');

    const web = await waitUntil('the cache to hold web at the new revision', () => (collector.groups.get('web')?.revision === revision ? collector.groups.get('web') : undefined));
    expect(web.profile.filters.at(-1)).toMatchObject({ filter: '/data/*.db', path: '/data', regex: '.*\\.db', behavior: 'block_access', customerAdd: true });
    expect(web.accessRule.filters['/data/.*\\.db']).toMatchObject({ apps: ['/usr/bin/sqlite3'], behavior: 'block_access' });
    expect(web.profile.filters).toHaveLength(BUILT_IN_FILTERS.length + 1);
    expect(collector.appliedRevision).toBe(revision);

    await api('post', '/groups').send({ name: 'gone' }).expect(201);
    await waitUntil('gone to arrive', () => collector.groups.get('gone'));
    await api('delete', '/groups/gone').expect(204);
    await waitUntil('the tombstone of gone', () => (collector.groups.has('gone') ? undefined : true));
  });

  it('gives a collector that starts later the current policy without any new change', async () => {
    const { revision, groups } = (await api('get', '/groups').expect(200)).body;
    const late = await cache();
    await waitUntil('the late cache to catch up', () => (late.appliedRevision === revision ? true : undefined));
    expect([...late.groups.keys()].sort()).toEqual(groups.map((g: { name: string }) => g.name).sort());
  });

  it('republishes the whole policy at start, so a fresh broker gets it', async () => {
    const fresh = await startTestKafka();
    const second = await startPolicyApp({ redisUrl: redis.url, brokers: fresh.brokers, prefix });
    try {
      const onFresh = await cache(fresh);
      const web = (await api('get', '/groups/web').expect(200)).body;
      await waitUntil('the fresh broker to carry the policy', () => (onFresh.groups.get('web')?.revision === web.revision ? true : undefined));
      expect(onFresh.groups.get('web')).toEqual(web);
      expect(onFresh.groups.has('gone')).toBe(false);
    } finally {
      const c = caches.pop();
      await c?.stop();
      await second.app.close();
      await fresh.stop();
    }
  });

  it('turns learned rules into allowed apps of Discover groups only, audited, pushed, idempotent', async () => {
    const collector = running;
    await api('post', '/groups').send({ name: 'learn', selector: { names: ['learn-*'] } }).expect(201);
    await api('post', '/groups/learn/filters').send({ pattern: '/data/*' }).expect(201);
    await api('post', '/groups').send({ name: 'watched', mode: 'Monitor' }).expect(201);
    await api('post', '/groups/watched/filters').send({ pattern: '/data/*' }).expect(201);

    const batch = learned('b1', [
      { group: 'learn', filter: '/data/.*', path: '/usr/bin/vi' },
      { group: 'learn', filter: '/etc/passwd/', path: '/usr/bin/vi' },
      { group: 'watched', filter: '/data/.*', path: '/usr/bin/vi' },
      { group: 'ghost', filter: '/data/.*', path: '/usr/bin/vi' },
    ]);
    await publisher.publish(Topics.LearnedRules, [{ key: 'c1', value: batch }]);
    await waitUntil('vi to become an allowed app', async () => ((await appsOf('learn', '/data/.*')).includes('/usr/bin/vi') ? true : undefined));
    expect(await appsOf('watched', '/data/.*')).toEqual([]);
    const [entry] = (await api('get', '/audit?limit=1').expect(200)).body.entries;
    expect(entry).toMatchObject({ who: 'collector:c1', action: 'learned-rules', detail: { batchId: 'b1', counts: { added: 1, 'predefined-filter': 1, 'not-discover': 1, 'unknown-group': 1 } } });
    const pushed = await waitUntil('the learned app to reach the collector', () => (collector.groups.get('learn')?.revision === entry.revision ? collector.groups.get('learn') : undefined));
    expect(pushed.accessRule.filters['/data/.*'].apps).toEqual(['/usr/bin/vi']);

    // The same batch again (and a re-sent rule in a new batch) changes nothing; a later batch on the
    // same key and partition shows the duplicates were processed.
    const revision = (await api('get', '/groups').expect(200)).body.revision;
    await publisher.publish(Topics.LearnedRules, [
      { key: 'c1', value: batch },
      { key: 'c1', value: learned('b2', [{ group: 'learn', filter: '/data/.*', path: '/usr/bin/vi' }]) },
      { key: 'c1', value: learned('b3', [{ group: 'learn', filter: '/data/.*', path: '/bin/cat' }]) },
    ]);
    await waitUntil('cat to become an allowed app', async () => ((await appsOf('learn', '/data/.*')).includes('/bin/cat') ? true : undefined));
    expect(await appsOf('learn', '/data/.*')).toEqual(['/bin/cat', '/usr/bin/vi']);
    expect((await api('get', '/groups').expect(200)).body.revision).toBe(revision + 1);
  });

  it('shows each collector with its applied revision, lag and a lagging flag', async () => {
    const { revision } = (await api('get', '/groups').expect(200)).body;
    const statuses: CollectorStatus[] = [collectorStatus('up-to-date', revision), collectorStatus('behind', 1)];
    await publisher.publish(Topics.CollectorStatus, statuses.map((s) => ({ key: s.collectorId, value: s })));
    const list = await waitUntil('both statuses in /collectors', async () => {
      const body = (await api('get', '/collectors').expect(200)).body;
      return body.collectors.length === 2 ? body.collectors : undefined;
    });
    expect(list).toEqual([
      expect.objectContaining({ collectorId: 'behind', appliedRevision: 1, lag: revision - 1, lagging: true, reason: 'behind', stale: false }),
      expect.objectContaining({ collectorId: 'up-to-date', appliedRevision: revision, lag: 0, lagging: false, reason: null, probe: statuses[0].probe }),
    ]);
    const watches = (await api('get', '/collectors/up-to-date/watches').expect(200)).body.watches;
    expect(watches.map((w: { groups: string[] }) => w.groups)).toEqual([['web'], ['nodes']]);
    expect(watches[1].unknownGroups).toEqual(['nodes']);
  });
});
