import { Topics, type ContainerIdentity, type GroupPolicy } from '@fsmon/contracts';
import { createKafka, EventPublisher } from '@fsmon/kafka';
import { startTestKafka, TEST_CONSUMER_SETTINGS, type TestKafka } from '@fsmon/testing';
import { PolicyStore } from '../../src/policy/policy.store';
import { PolicyTopicSource } from '../../src/policy/policy-topic.source';
import { BUILT_IN_GROUP } from '../../src/policy/resolved-policy';
import { filter, group, rule } from './policy.fixtures';

// Group joins take ~3 s on the embedded broker.
jest.setTimeout(30_000);

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const web: ContainerIdentity = { id: 'c-web', name: 'web-1', image: 'nginx:1.27', labels: { app: 'web' } };
const db: ContainerIdentity = { id: 'c-db', name: 'db-1', image: 'postgres:16', labels: {} };
const job: ContainerIdentity = { id: 'c-job-42', name: 'batch', image: 'busybox', labels: {} };
const other: ContainerIdentity = { id: 'c-x', name: 'x', image: 'alpine', labels: {} };

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(PolicyTopicSource.name, () => {
  let kafka: TestKafka;
  let publisher: EventPublisher;
  const sources: PolicyTopicSource[] = [];

  function startSource(): { store: PolicyStore; source: PolicyTopicSource } {
    const store = new PolicyStore({ defaultMode: 'Discover', logger: quiet });
    const source = new PolicyTopicSource(kafka.kafka, store, { collectorId: 'it', logger: quiet, ...TEST_CONSUMER_SETTINGS });
    sources.push(source);
    source.start();
    return { store, source };
  }

  const publish = (...policies: GroupPolicy[]) => publisher.publish(Topics.Policy, policies.map((p) => ({ key: p.name, value: p })));

  beforeAll(async () => {
    kafka = await startTestKafka();
    publisher = new EventPublisher(kafka.kafka);
    await publish(
      group('nodes', { revision: 1, mode: 'Protect', filters: [filter('/etc/host-file')] }),
      group('by-label', { revision: 2, selector: { labels: { app: 'web' } }, mode: 'Discover', filters: [filter('/etc/shared')], rules: { '/etc/shared/': rule(['/bin/a']) } }),
      group('by-name', { revision: 3, selector: { names: ['web-*'] }, mode: 'Protect', filters: [filter('/etc/shared', '', { behavior: 'block_access' })], rules: { '/etc/shared/': rule(['/bin/b']) } }),
      group('by-image', { revision: 4, selector: { images: ['postgres:*'] }, filters: [filter('/var/lib/pg')] }),
      group('by-id', { revision: 5, selector: { ids: ['c-job-42'] }, filters: [filter('/etc/job')] }),
      group('doomed', { revision: 6, selector: { images: ['alpine'] } }),
    );
    // Broken messages between valid ones: not JSON, and a key that is not the group's name.
    await publisher.publishRaw(Topics.Policy, { key: 'junk', value: Buffer.from('{not json') });
    await publisher.publishRaw(Topics.Policy, { key: 'by-id', value: Buffer.from(JSON.stringify(group('impostor', { revision: 7, selector: { ids: ['c-x'] } }))) });
    await publish(group('doomed', { revision: 8, selector: { images: ['alpine'] }, deleted: true }), group('late', { revision: 9, selector: { ids: ['c-x'] }, mode: 'Monitor' }));
  });

  // Each test stops its sources: a consumer still running through the outage test's broker
  // restart can reconnect after stop() (kafkajs restarts crashed consumers on a timer).
  afterEach(async () => {
    for (const s of sources.splice(0)) await s.stop();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await kafka?.stop();
  });

  it('reads the whole topic on start and resolves the host and containers by label, name, image and id', async () => {
    const { store, source } = startSource();
    expect(await source.whenCaughtUp(15_000)).toBe(true);

    expect(store.resolve(null)).toMatchObject({ groups: ['nodes'], mode: 'Protect', isHost: true, builtIn: false });
    const w = store.resolve(web);
    expect(w).toMatchObject({ groups: ['by-label', 'by-name'], mode: 'Protect', builtIn: false, revision: 9 });
    expect(w.filters).toEqual([expect.objectContaining({ path: '/etc/shared', behavior: 'block_access', dgroup: 'by-label' })]);
    expect(w.accessRules?.filters.get('/etc/shared/')?.apps).toEqual(['/bin/a', '/bin/b']);
    expect(store.resolve(db).groups).toEqual(['by-image']);
    expect(store.resolve(job).groups).toEqual(['by-id']);
    // The tombstone removed `doomed`; the invalid messages did not stop `late` from arriving.
    expect(store.resolve(other)).toMatchObject({ groups: ['late'], mode: 'Monitor' });
    expect(store.stats()).toMatchObject({ appliedRevision: 9, groups: 6, tombstones: 1 });
    await waitFor('2 dead letters', () => source.stats().consumer?.deadLettered === 2);
  });

  it('applies a change while running and tells the listeners which group changed', async () => {
    const { store, source } = startSource();
    expect(await source.whenCaughtUp(15_000)).toBe(true);
    const changes: [readonly string[], number][] = [];
    store.onChange((groups, revision) => changes.push([groups, revision]));

    await publish(group('by-image', { revision: 10, selector: { images: ['postgres:*'] }, mode: 'Protect', filters: [filter('/var/lib/pg')] }));
    await waitFor('the by-image change', () => changes.length > 0);
    expect(changes).toEqual([[['by-image'], 10]]);
    expect(store.resolve(db)).toMatchObject({ mode: 'Protect', revision: 10 });
  });

  it('a restarted collector has the current policy without any new change', async () => {
    const { store, source } = startSource();
    expect(await source.whenCaughtUp(15_000)).toBe(true);
    expect(store.appliedRevision).toBe(10);
    expect(store.resolve(db)).toMatchObject({ groups: ['by-image'], mode: 'Protect' });
    expect(store.resolve(other).groups).toEqual(['late']);
    expect(store.resolve({ ...other, id: 'nobody', image: 'none' })).toMatchObject({ groups: [BUILT_IN_GROUP], builtIn: true, mode: 'Discover' });
  });

  it('counts the topic as read when its last records were invalid (dead-lettered, never handled)', async () => {
    await publisher.publishRaw(Topics.Policy, { key: 'tail', value: Buffer.from('not json either') });
    const { store, source } = startSource();
    expect(await source.whenCaughtUp(15_000)).toBe(true);
    expect(store.appliedRevision).toBe(10);
    expect(source.stats()).toMatchObject({ caughtUp: true, consumer: { deadLettered: 3 } });
  });

  it('starts while the broker is down, keeps retrying, and reads the policy once it is back', async () => {
    const client = createKafka({ brokers: kafka.brokers, clientId: 'policy-outage', logLevel: 'nothing', retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
    const store = new PolicyStore({ defaultMode: 'Discover', logger: quiet });
    const source = new PolicyTopicSource(client, store, { collectorId: 'it', logger: quiet, restartDelayMs: 200, ...TEST_CONSUMER_SETTINGS });
    sources.push(source);
    kafka.embedded.setBrokerDown(1);
    try {
      source.start();
      expect(await source.whenCaughtUp(1500)).toBe(false);
      expect(store.resolve(db).builtIn).toBe(true);
    } finally {
      kafka.embedded.setBrokerUp(1);
    }
    expect(await source.whenCaughtUp(25_000)).toBe(true);
    expect(source.stats().startAttempts).toBeGreaterThan(1);
    expect(store.resolve(db)).toMatchObject({ groups: ['by-image'], mode: 'Protect' });
  });
});
