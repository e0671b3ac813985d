import type { INestApplication } from '@nestjs/common';
import { ADDITIONAL_FILTERS, BUILT_IN_FILTERS, DEFAULT_FILTERS } from '@fsmon/rules';
import { collectorStatus, startTestKafka, startTestRedis, type TestKafka, type TestRedis } from '@fsmon/testing';
import request from 'supertest';
import { CollectorRepository } from '../src/store/collector.repository';
import { ADMIN_TOKEN, READ_TOKEN, startPolicyApp } from './support/policy-harness';

jest.setTimeout(30_000);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Endpoint {
  method: Method;
  path: string;
  scope: 'read' | 'admin';
  body?: object;
  /** A body its schema refuses (400 BODY_INVALID). */
  badBody?: object;
  ifMatch?: boolean;
}

const KEY = encodeURIComponent('/data/.*');
const ENDPOINTS: Endpoint[] = [
  { method: 'get', path: '/groups', scope: 'read' },
  { method: 'post', path: '/groups', scope: 'admin', body: { name: 'new-group' }, badBody: { name: 'x', color: 'red' } },
  { method: 'get', path: '/groups/web', scope: 'read' },
  { method: 'patch', path: '/groups/web', scope: 'admin', body: { selector: { names: ['web-*'] } }, badBody: { selector: { names: 'web' } }, ifMatch: true },
  { method: 'put', path: '/groups/web/mode', scope: 'admin', body: { mode: 'Monitor' }, badBody: { mode: 'Learn' }, ifMatch: true },
  { method: 'delete', path: '/groups/web', scope: 'admin', ifMatch: true },
  { method: 'get', path: '/groups/web/profile', scope: 'read' },
  { method: 'put', path: '/groups/web/profile', scope: 'admin', body: { filters: [{ pattern: '/data/*' }] }, badBody: { filters: 'all' }, ifMatch: true },
  { method: 'get', path: '/groups/web/filters', scope: 'read' },
  { method: 'post', path: '/groups/web/filters', scope: 'admin', body: { pattern: '/srv/*.key' }, badBody: { pattern: 7 }, ifMatch: true },
  { method: 'get', path: `/groups/web/filters/${KEY}`, scope: 'read' },
  { method: 'patch', path: `/groups/web/filters/${KEY}`, scope: 'admin', body: { recursive: true }, badBody: { recursive: 'yes' }, ifMatch: true },
  { method: 'delete', path: `/groups/web/filters/${KEY}`, scope: 'admin', ifMatch: true },
  { method: 'get', path: '/groups/web/access-rules', scope: 'read' },
  { method: 'get', path: `/groups/web/access-rules/${KEY}`, scope: 'read' },
  { method: 'put', path: `/groups/web/access-rules/${KEY}`, scope: 'admin', body: { apps: ['vi'] }, badBody: { apps: [1] }, ifMatch: true },
  { method: 'get', path: '/filters/defaults', scope: 'read' },
  { method: 'get', path: '/audit', scope: 'read' },
  { method: 'get', path: '/collectors', scope: 'read' },
  { method: 'get', path: '/collectors/c1', scope: 'read' },
  { method: 'get', path: '/collectors/c1/watches', scope: 'read' },
];
const label = (e: Endpoint) => `${e.method.toUpperCase()} ${decodeURIComponent(e.path)}`;
const table = (list: Endpoint[]) => list.map((e) => [label(e), e] as const);

describe('policy HTTP API', () => {
  let redis: TestRedis;
  let kafka: TestKafka;
  let app: INestApplication;

  const call = (e: Pick<Endpoint, 'method' | 'path'>, token?: string) => {
    const req = request(app.getHttpServer())[e.method](e.path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const admin = (method: Method, path: string) => call({ method, path }, ADMIN_TOKEN);

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startTestRedis(), startTestKafka()]);
    ({ app } = await startPolicyApp({ redisUrl: redis.url, brokers: kafka.brokers, env: { POLICY_BODY_LIMIT_BYTES: '4096' } }));
    await admin('post', '/groups').send({ name: 'web', selector: { images: ['nginx:*'] } }).expect(201);
    await admin('post', '/groups/web/filters').send({ pattern: '/data/*', apps: ['cat'] }).expect(201);
    await app.get(CollectorRepository).record(collectorStatus('c1', 0));
  });

  afterAll(async () => {
    await app?.close();
    await kafka?.stop();
    await redis?.stop();
  });

  describe('401 without a valid token', () => {
    it.each(table(ENDPOINTS))('%s', async (_, e) => {
      for (const token of [undefined, 'not-a-known-token-0123456789abcdef0123']) {
        const res = await call(e, token).send(e.body);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    });
  });

  describe('403 with a read token on admin routes', () => {
    it.each(table(ENDPOINTS.filter((e) => e.scope === 'admin')))('%s', async (_, e) => {
      const res = await call(e, READ_TOKEN).send(e.body);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('400 for a body that fails its schema', () => {
    it.each(table(ENDPOINTS.filter((e) => e.badBody)))('%s', async (_, e) => {
      const res = await call(e, ADMIN_TOKEN).send(e.badBody);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'BODY_INVALID' } });
    });

    it('GET /audit with a bad query', async () => {
      const res = await admin('get', '/audit?limit=0').expect(400);
      expect(res.body.error.details).toMatchObject({ reason: 'BODY_INVALID', where: 'query' });
    });
  });

  describe('400 for a change the policy refuses, naming the problem; nothing stored', () => {
    const PREDEFINED = encodeURIComponent('/etc/passwd/');
    beforeAll(async () => {
      await admin('post', '/groups').send({ name: 'nodes' }).expect(201);
    });
    afterAll(async () => {
      await admin('delete', '/groups/nodes').expect(204);
    });

    it('accepts the reserved host group nodes: Monitor, the built-in filters, no selector', async () => {
      const nodes = (await admin('get', '/groups/nodes').expect(200)).body;
      expect(nodes).toMatchObject({ selector: { ids: [], names: [], images: [], labels: {} }, profile: { mode: 'Monitor' } });
      expect(nodes.profile.filters).toEqual(BUILT_IN_FILTERS);
    });

    it.each([
      ['post', '/groups', { name: 'bad name' }, 'GROUP_NAME_INVALID', 'name'],
      ['patch', '/groups/nodes', { selector: { names: ['web-*'] } }, 'HOST_GROUP_SELECTOR', 'selector'],
      ['put', '/groups/nodes/mode', { mode: 'Protect' }, 'HOST_GROUP_MODE', 'mode'],
      ['put', '/groups/web/profile', { filters: [{ pattern: '/ok/*' }, { pattern: '/x/../y' }] }, 'PATTERN_DOTDOT', 'filters[1].pattern'],
      ['post', '/groups/web/filters', { pattern: '/srv/[ab]' }, 'PATTERN_BRACKETS', 'pattern'],
      ['post', '/groups/nodes/filters', { pattern: '/srv/x', behavior: 'block_access' }, 'HOST_GROUP_NO_BLOCK', 'behavior'],
      ['patch', `/groups/web/filters/${PREDEFINED}`, { recursive: true }, 'FILTER_PREDEFINED', undefined],
      ['delete', `/groups/web/filters/${PREDEFINED}`, undefined, 'FILTER_PREDEFINED', undefined],
      ['put', `/groups/web/access-rules/${KEY}`, { apps: ['vi', ''] }, 'APP_INVALID', 'apps'],
    ] as const)('%s %s %j → %s', async (method, path, body, reason, field) => {
      const before = (await admin('get', '/groups').expect(200)).body.revision;
      const res = await admin(method, path).send(body).expect(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason } });
      if (field) expect(res.body.error.details.field).toBe(field);
      expect((await admin('get', '/groups').expect(200)).body.revision).toBe(before);
    });
  });

  describe('404 for an unknown group, filter key or collector', () => {
    const missing = ENDPOINTS.filter((e) => e.path.includes('/groups/web') || e.path.includes('/collectors/c1')).map((e) => ({
      ...e,
      path: e.path.replace('/groups/web', '/groups/ghost').replace('/collectors/c1', '/collectors/ghost'),
    }));
    const missingKey = ENDPOINTS.filter((e) => e.path.includes(KEY)).map((e) => ({ ...e, path: e.path.replace(KEY, encodeURIComponent('/nope/.*')) }));
    it.each(table([...missing, ...missingKey]))('%s', async (_, e) => {
      const res = await call(e, ADMIN_TOKEN).send(e.body);
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('PUT an access rule of a predefined filter (it has none), GET the watches of an unknown container', async () => {
      const predefined = await admin('put', `/groups/web/access-rules/${encodeURIComponent('/etc/passwd/')}`).send({ apps: ['vi'] }).expect(404);
      expect(predefined.body.error.details).toMatchObject({ reason: 'ACCESS_RULE_NOT_FOUND', key: '/etc/passwd/' });
      const container = await admin('get', '/collectors/c1/watches?container=ghost').expect(404);
      expect(container.body.error.details).toMatchObject({ reason: 'CONTAINER_NOT_FOUND', containerId: 'ghost' });
    });
  });

  describe('412 when If-Match is not the current ETag', () => {
    it.each(table(ENDPOINTS.filter((e) => e.ifMatch)))('%s', async (_, e) => {
      const current = (await admin('get', '/groups/web').expect(200)).headers.etag;
      const res = await call(e, ADMIN_TOKEN).set('If-Match', '"0"').send(e.body);
      expect(res.status).toBe(412);
      expect(res.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { reason: 'ETAG_MISMATCH', etag: current } });
      expect((await admin('get', '/groups/web')).headers.etag).toBe(current);
    });
  });

  describe('success', () => {
    it('reads: groups, profile, filters, access rules, defaults, audit, collectors', async () => {
      const groups = await call(ENDPOINTS[0], READ_TOKEN).expect(200);
      expect(groups.body).toMatchObject({ revision: expect.any(Number), groups: [expect.objectContaining({ name: 'web' })] });
      const group = await call({ method: 'get', path: '/groups/web' }, READ_TOKEN).expect(200);
      expect(group.headers.etag).toBe(`"${group.body.revision}"`);
      expect(group.headers['x-policy-revision']).toBe(String(group.body.revision));
      expect((await call({ method: 'get', path: '/groups/web/profile' }, READ_TOKEN).expect(200)).body.filters).toHaveLength(BUILT_IN_FILTERS.length + 1);
      const filters = (await call({ method: 'get', path: '/groups/web/filters' }, READ_TOKEN).expect(200)).body;
      expect(filters.at(-1)).toMatchObject({ key: '/data/.*', crd: false, accessRule: { apps: ['cat'] } });
      expect((await call({ method: 'get', path: `/groups/web/filters/${KEY}` }, READ_TOKEN).expect(200)).body.filter.filter).toBe('/data/*');
      expect((await call({ method: 'get', path: '/groups/web/access-rules' }, READ_TOKEN).expect(200)).body.filters).toHaveProperty(['/data/.*']);
      expect((await call({ method: 'get', path: `/groups/web/access-rules/${KEY}` }, READ_TOKEN).expect(200)).body.apps).toEqual(['cat']);
      expect((await call({ method: 'get', path: '/filters/defaults' }, READ_TOKEN).expect(200)).body).toEqual({ builtIn: BUILT_IN_FILTERS, defaults: DEFAULT_FILTERS, additional: ADDITIONAL_FILTERS });
      expect((await call({ method: 'get', path: '/audit?limit=1' }, READ_TOKEN).expect(200)).body.entries).toHaveLength(1);
      const collectors = (await call({ method: 'get', path: '/collectors' }, READ_TOKEN).expect(200)).body;
      expect(collectors.collectors[0]).toMatchObject({ collectorId: 'c1', appliedRevision: 0, lag: collectors.revision, containers: 2 });
      expect((await call({ method: 'get', path: '/collectors/c1' }, READ_TOKEN).expect(200)).body.containerList).toHaveLength(2);
      const watches = (await call({ method: 'get', path: '/collectors/c1/watches?container=c-web-1' }, READ_TOKEN).expect(200)).body;
      expect(watches.watches).toEqual([expect.objectContaining({ groups: ['web'], unknownGroups: [], filters: expect.arrayContaining([expect.objectContaining({ filter: '/data/*', dgroup: 'web' })]) })]);
    });

    it('writes: create, selector, mode, profile, filters, access rules, delete; each with a new ETag', async () => {
      const created = await admin('post', '/groups').send({ name: 'api', selector: { labels: { app: 'api' } }, mode: 'Monitor' }).expect(201);
      let etag: string = created.headers.etag;
      expect(created.headers['x-policy-push']).toBe('pushed');
      const step = async (method: Method, path: string, body: object | undefined, status: number) => {
        const res = await admin(method, path).set('If-Match', etag).send(body).expect(status);
        expect(res.headers.etag).not.toBe(etag);
        etag = res.headers.etag;
        return res.body;
      };
      expect(created.body.selector).toEqual({ ids: [], names: [], images: [], labels: { app: 'api' } });
      expect(created.body.profile.filters).toEqual((await admin('get', '/filters/defaults').expect(200)).body.builtIn);
      const selector = { ids: ['0123456789ab'], names: ['api-*'], images: ['registry.local/api:*'], labels: { tier: 'backend' } };
      expect(await step('patch', '/groups/api', { selector }, 200)).toMatchObject({ selector });
      expect(await step('put', '/groups/api/mode', { mode: 'Protect' }, 200)).toMatchObject({ profile: { mode: 'Protect' } });
      expect(await step('put', '/groups/api/profile', { mode: 'Discover', filters: [{ pattern: '/etc/app/*.conf', apps: ['vi'] }] }, 200)).toMatchObject({ mode: 'Discover' });
      expect(await step('post', '/groups/api/filters', { path: '/srv', regex: '.*\\.key', behavior: 'block_access' }, 201)).toMatchObject({ key: '/srv/.*\\.key' });
      const srvKey = encodeURIComponent('/srv/.*\\.key');
      expect(await step('patch', `/groups/api/filters/${srvKey}`, { recursive: true }, 200)).toMatchObject({ filter: { recursive: true } });
      expect(await step('put', `/groups/api/access-rules/${srvKey}`, { apps: ['/usr/bin/ssh-keygen'], failMode: 'closed' }, 200)).toMatchObject({ apps: ['/usr/bin/ssh-keygen'], failMode: 'closed' });
      await step('delete', `/groups/api/filters/${srvKey}`, undefined, 204);
      await step('delete', '/groups/api', undefined, 204);
      await admin('get', '/groups/api').expect(404);
      const [deleted] = (await admin('get', '/audit?limit=1').expect(200)).body.entries;
      expect(deleted).toMatchObject({ action: 'group.delete', who: expect.stringMatching(/^admin:token:/), changes: [{ name: 'api', before: { name: 'api' }, after: null }] });
    });

    it('serves /health, /metrics and the OpenAPI document without a token', async () => {
      await call({ method: 'get', path: '/metrics' }).expect(200).expect(/fsmon_policy_changes_total/);
      const docs = await call({ method: 'get', path: '/docs-json' }).expect(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/groups', '/groups/{name}/filters/{key}', '/collectors/{id}/watches']));
      await call({ method: 'get', path: '/docs' }).expect(200).expect('Content-Type', /html/);
      await call({ method: 'get', path: '/docs/swagger-ui-bundle.js' }).expect(200).expect('Content-Type', /javascript/);
      const health = await call({ method: 'get', path: '/health' });
      expect(health.body.info ?? health.body.error).toHaveProperty('redis');
    });
  });

  describe('errors', () => {
    it('answers 409 for an existing group or filter key', async () => {
      expect((await admin('post', '/groups').send({ name: 'web' }).expect(409)).body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'GROUP_EXISTS' } });
      const taken = await admin('post', '/groups/web/filters').send({ pattern: '/etc/passwd' }).expect(409);
      expect(taken.body.error.details).toMatchObject({ reason: 'FILTER_EXISTS', key: '/etc/passwd/' });
    });

    it('answers 413 with a JSON code for a body over the limit, and 400 for malformed JSON', async () => {
      const big = await admin('post', '/groups').send({ name: 'x'.repeat(5000) }).expect(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const bad = await admin('post', '/groups').set('Content-Type', 'application/json').send('{"name":').expect(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'BODY_NOT_JSON' } });
    });

    it('answers 404 NOT_FOUND for an unknown route', async () => {
      expect((await admin('get', '/nothing-here').expect(404)).body.error.code).toBe('NOT_FOUND');
    });
  });
});
