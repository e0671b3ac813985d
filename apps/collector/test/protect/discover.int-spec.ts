// Real kernel, root, and a private embedded broker: Discover mode learns the apps that open files of
// customer-added filters in a namespace container, and the learned rules reach fsmon.learned-rules.v1
// through the collector's LearnedRulesPublisher, also when the broker was down at the time.
import { Topics, type LearnedRule } from '@fsmon/contracts';
import { createKafka, EventPublisher } from '@fsmon/kafka';
 
import { collectMessages, startTestKafka, type TestKafka, waitFor } from '@fsmon/testing';
import { LearnedRulesPublisher } from '../../src/publish';
import { filter, group, rule } from '../policy/policy.fixtures';
import { NsContainer } from './support/ns-container';
import { ProtectHarness } from './support/protect.harness';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('Discover mode learning (namespace container, embedded broker)', () => {
  let c: NsContainer;
  let kafka: TestKafka;
  let publisher: EventPublisher;
  let learned: LearnedRulesPublisher;
  let h: ProtectHarness;

  beforeAll(async () => {
    c = await NsContainer.start('discover');
    c.file('/data/report.csv', 'a,b\n');
    c.file('/other/x', 'x\n');
    c.installNative('file-reader');
    kafka = await startTestKafka();
    const client = createKafka({ brokers: kafka.brokers, clientId: 'protect-learn-test', logLevel: 'nothing', connectionTimeoutMs: 300, retry: { retries: 1, initialRetryTime: 100 } });
    publisher = new EventPublisher(client, { retries: 1, initialRetryTimeMs: 100, maxRetryTimeMs: 300 });
    learned = new LearnedRulesPublisher(publisher, { collectorId: 'test-collector', host: { id: 'h1', name: 'node-1' } }, { flushMs: 200, maxPending: 1000 }, quiet);
    learned.start();
    h = await new ProtectHarness({}, undefined, learned).start();
    h.apply(
      group('g-app', {
        revision: 1,
        mode: 'Discover',
        selector: { ids: [c.workload().identity?.id ?? ''] },
        filters: [filter('/data', '.*', { customerAdd: true }), filter('/other', '.*', { customerAdd: false })],
        rules: { '/data/.*': rule(['head'], 'monitor_change') },
      }),
    );
    h.upsert({ workload: c.workload(), capBlock: true, dirs: [{ path: '/data' }, { path: '/other' }], files: [] });
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
    await learned?.stop();
    await publisher?.disconnect();
    await kafka?.stop();
    await c?.stop();
  });

  const rulesIn = async (count: number): Promise<LearnedRule[]> =>
    (await collectMessages(kafka.brokers, Topics.LearnedRules, { count, timeoutMs: 20_000 })).flatMap((m) => m.value.rules);

  it('sends the exe of an app not yet allowed, not the allowed one, and only for customer filters', async () => {
    expect(await c.run('cat /data/report.csv && head /data/report.csv && cat /other/x')).toMatchObject({ code: 0 });
    expect(h.service.status().workloads[0]).toMatchObject({ mode: 'Discover', held: true, permission: false });
    const rules = await rulesIn(1);
    expect(rules).toEqual([{ group: 'g-app', filter: '/data/.*', path: '/bin/busybox' }]);
    h.service.flushReports();
    expect(h.service.status().counters).toMatchObject({ 'reports.learning': 1, 'reports.learned': 1 });
  });

  it('keeps what it learned while the broker is down and delivers it when it returns', async () => {
    for (let id = 1; id <= kafka.brokers.length; id++) kafka.embedded.setBrokerDown(id);
    try {
      expect(await c.run('/bin/file-reader /data/report.csv')).toMatchObject({ code: 0, stdout: 'a,b\n' });
      await waitFor(() => learned.stats().sendErrors > 0 && learned.stats().unacknowledged === 1, 'a failed send of the learned rule', 15_000);
    } finally {
      for (let id = 1; id <= kafka.brokers.length; id++) kafka.embedded.setBrokerUp(id);
    }
    await waitFor(() => learned.stats().unacknowledged === 0 && learned.stats().pending === 0, 'the kept batch to be acknowledged', 15_000);
    const rules = await rulesIn(2);
    expect(rules).toContainEqual({ group: 'g-app', filter: '/data/.*', path: '/bin/file-reader' });
  });
});
