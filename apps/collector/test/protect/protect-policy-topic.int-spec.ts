// Real kernel, root, and a private embedded broker: the rules of a Protect container arrive as
// messages on fsmon.policy.v1 (PolicyTopicSource into the collector's PolicyStore) while the
// protect module runs. A message that allows the app changes the verdict without a restart and
// without re-marking; the applied revision is what the status says.
import { Topics, type GroupPolicy } from '@fsmon/contracts';
import { EventPublisher } from '@fsmon/kafka';
import { startTestKafka, TEST_CONSUMER_SETTINGS, type TestKafka, waitFor } from '@fsmon/testing';
import { PolicyTopicSource } from '../../src/policy';
import { filter, group, rule } from '../policy/policy.fixtures';
import { NsContainer } from './support/ns-container';
import { ProtectHarness } from './support/protect.harness';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('Protect rules from the policy topic (namespace container, embedded broker)', () => {
  let c: NsContainer;
  let kafka: TestKafka;
  let publisher: EventPublisher;
  let source: PolicyTopicSource;
  let h: ProtectHarness;

  const protectData = (revision: number, apps: string[]): GroupPolicy =>
    group('g-data', {
      revision,
      mode: 'Protect',
      selector: { ids: [c.workload().identity?.id ?? ''] },
      filters: [filter('/data', '.*', { behavior: 'block_access' })],
      rules: { '/data/.*': rule(apps) },
    });
  const publish = (p: GroupPolicy) => publisher.publish(Topics.Policy, [{ key: p.name, value: p }]);
  const applied = (revision: number) => waitFor(() => h.service.status().appliedRevision >= revision, `revision ${revision} to be applied`, 20_000);

  beforeAll(async () => {
    c = await NsContainer.start('topic');
    c.file('/data/secret.txt', 'secret\n');
    kafka = await startTestKafka();
    publisher = new EventPublisher(kafka.kafka);
    h = await new ProtectHarness().start();
    source = new PolicyTopicSource(kafka.kafka, h.store, { collectorId: 'protect-it', logger: quiet, ...TEST_CONSUMER_SETTINGS });
    source.start();
    h.upsert({ workload: c.workload(), capBlock: true, dirs: [{ path: '/data' }], files: [] });
  }, 90_000);

  afterAll(async () => {
    await source?.stop();
    await h?.stop();
    await publisher?.disconnect();
    await kafka?.stop();
    await c?.stop();
  });

  it('blocks by the published rule, then allows the app once the next message is applied, without re-marking', async () => {
    await publish(protectData(1, ['head']));
    await applied(1);
    expect((await c.run('cat /data/secret.txt')).stderr).toMatch(/Operation not permitted/);
    const marked = h.service.status().counters['marks.marked'];

    await publish(protectData(2, ['head', 'cat']));
    await applied(2);
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0, stdout: 'secret\n' });
    const s = h.service.status();
    expect(s).toMatchObject({ appliedRevision: 2, workloads: [{ mode: 'Protect', permission: true }] });
    expect(s.counters['marks.marked']).toBe(marked);
    expect(s.counters['marks.unmarked']).toBe(0);
  }, 60_000);
});
