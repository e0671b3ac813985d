import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AggregateMessages, DeadLetterHeaders, encodeFormTwo, FileEvents, Topics, type MonitorMessage } from '@fsmon/contracts';
import type { EmbeddedKafka } from '@fsmon/embedded';
import { readRecords, type EventPublisher, type KafkaClient } from '@fsmon/kafka';
import { uniqueGroupId } from '@fsmon/testing';
import { loadAggregatorSettings, type AggregatorSettings } from '../src/aggregator.env';
import { AppModule } from '../src/app.module';
import { AggregationService } from '../src/raw-events/aggregation.service';
import { uncommittedPartitions } from './support/group-offsets';
import { metricSample } from './support/metric-sample';
import { batch, batchKey, DB, fileEvent, gapEvent, proc, WEB } from './support/raw-events.fixtures';
import { ReportsTap } from './support/reports.tap';
import { startSpecKafka, type SpecKafka } from './support/spec-kafka';
import { waitFor } from './support/wait';

jest.setTimeout(60_000);

describe('aggregator app (embedded broker)', () => {
  let spec: SpecKafka;
  let broker: EmbeddedKafka;
  let kafka: KafkaClient;
  let producer: EventPublisher;
  let tap: ReportsTap;
  let app: INestApplication | undefined;
  let settings: AggregatorSettings;
  let url: string;

  beforeAll(async () => {
    spec = await startSpecKafka();
    ({ broker, kafka, producer } = spec);
    settings = loadAggregatorSettings({
      ...spec.env,
      LOG_LEVEL: 'silent',
      AGGREGATOR_GROUP_ID: uniqueGroupId('aggregator-spec'),
      AGGREGATOR_TICK_MS: '100',
      AGGREGATOR_HOLD_MS: '500',
      AGGREGATOR_UPGRADE_HOLD_MS: '200',
      AGGREGATOR_PACKAGE_HOLD_MS: '700',
      AGGREGATOR_REREPORT_MS: '10000',
      AGGREGATOR_LAG_REFRESH_MS: '300',
      KAFKA_RETRIES: '1',
    });
    app = await NestFactory.create(AppModule.forRoot(settings), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    tap = new ReportsTap(kafka);
    await Promise.all([tap.start(), waitFor(() => 'the aggregator to join its group', async () => (await fetch(`${url}/health`)).status === 200)]);
  });

  afterAll(async () => {
    await app?.close();
    await tap?.stop();
    await spec?.stop();
  });

  const uncommitted = () => uncommittedPartitions(kafka, settings.kafka.groupId);
  const service = () => (app as INestApplication).get(AggregationService);
  const find = (pred: (r: MonitorMessage) => boolean) => tap.reports.filter(pred);
  const getJson = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as { reports: MonitorMessage[]; scope: string; message?: string[] } };
  };

  it('turns raw events into reports and dead-letters invalid messages without stalling the partition', async () => {
    const bash10 = proc('bash', 10);
    const batches = [
      batch(1, [fileEvent({ id: 'c:1', path: '/etc/passwd', procs: [bash10] }), fileEvent({ id: 'c:2', path: '/etc/shadow', procs: [bash10] }), fileEvent({ id: 'c:3', path: '/etc/group', procs: [proc('bash', 11)] })]),
      batch(2, [fileEvent({ id: 'c:4', path: '/etc/secret', procs: [proc('cat', 12)], decision: 'denied' })]),
      batch(3, [fileEvent({ id: 'c:5', path: '/etc/hosts', container: null }), gapEvent('c:6', 17)]),
      batch(4, [fileEvent({ id: 'c:7', path: '/var/lib/dpkg/status', container: DB, procs: [proc('dpkg', 20)] }), fileEvent({ id: 'c:8', path: '/usr/bin/psql', container: DB, procs: [proc('dpkg', 20)] })]),
    ];
    // Both wire forms on one topic: collectors write form 2, a spool from before it holds form 1.
    await producer.publish(Topics.RawEvents, batches.slice(0, 2).map((value) => ({ key: batchKey(value), value })));
    await producer.publishRaw(Topics.RawEvents, batches.slice(2).map((b) => ({ key: batchKey(b), value: encodeFormTwo(b) })));
    const webKey = batchKey(batches[0]);
    await producer.publishRaw(Topics.RawEvents, [
      { key: webKey, value: Buffer.from('{ not json') },
      { key: webKey, value: Buffer.from(JSON.stringify({ ...batches[0], schema: 2 })) },
    ]);
    await producer.publish(Topics.RawEvents, [{ key: webKey, value: batch(5, [fileEvent({ id: 'c:9', path: '/etc/motd', procs: [proc('vi', 30)] })]) }]);

    await waitFor(() => `6 reports (got ${tap.reports.map((r) => r.path).join(' | ')})`, () => tap.reports.length >= 6);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(tap.reports).toHaveLength(6);

    const [first] = find((r) => r.path === '/etc/passwd');
    expect(first).toMatchObject({ kind: 'Container.FileAccess.Violation', id: WEB.id, count: 1, procName: 'bash', procPid: 10, msg: FileEvents.Modified.msg, action: 'violate', group: 'nv.web' });
    const [window] = find((r) => r.path === '/etc/shadow, /etc/group');
    expect(window).toMatchObject({ count: 2, procName: 'bash', startAt: first.startAt, action: 'violate' });
    expect(window.reportId).not.toBe(first.reportId);
    expect(find((r) => r.path === '/etc/secret')[0]).toMatchObject({ action: 'deny', msg: FileEvents.Denied.msg, count: 1, procName: 'cat' });
    expect(find((r) => r.path === '/etc/hosts')[0]).toMatchObject({ kind: 'Host.FileAccess.Violation', id: '', group: 'nodes', count: 1, procPid: 0, container: null });
    expect(find((r) => r.package)[0]).toMatchObject({
      kind: 'Container.Package.Updated',
      path: '/var/lib/dpkg/status, /usr/bin/psql',
      count: 2,
      msg: AggregateMessages.PackagesUpdated,
      id: DB.id,
    });
    expect(find((r) => r.path === '/etc/motd')[0]).toMatchObject({ count: 1, procName: 'vi' });
    expect(new Set(tap.reports.map((r) => r.reportId)).size).toBe(6);
    tap.reports.forEach((r, i) => expect(tap.keys[i]).toBe(`${r.host.id}/${r.container?.id ?? 'host'}`));

    const letters = await readRecords(kafka, Topics.DeadLetters, { count: 2, timeoutMs: 15_000 });
    expect(letters.map((l) => l.headers[DeadLetterHeaders.Reason]).sort()).toEqual([expect.stringMatching(/^fsmon\.raw-events\.v1 schema/), expect.stringMatching(/^not JSON/)]);
    expect(letters.every((l) => l.key?.toString() === webKey && l.headers[DeadLetterHeaders.ConsumerGroup] === settings.kafka.groupId)).toBe(true);
    expect(service().snapshot()).toMatchObject({ batchesIn: 5, engine: { eventsIn: 8, gapsSeen: 1, gapEventsLost: 17 }, consumer: { deadLettered: 2 } });
  });

  it('commits every offset once its reports are out', async () => {
    let left: string[] = [];
    await waitFor(() => `commits up to the end of every partition (${left.join(', ')})`, async () => (left = await uncommitted()).length === 0, 10_000);
  });

  it('serves recent reports with filters, per instance', async () => {
    const all = await getJson('/reports');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ scope: 'instance', member: settings.kafka.clientId, capacity: 1000, held: 6, returned: 6 });
    const times = all.body.reports.map((r) => Date.parse(r.reportedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const paths = async (query: string) => (await getJson(`/reports?${query}`)).body.reports.map((r) => r.path).sort();
    expect(await paths('container=web')).toEqual(['/etc/motd', '/etc/passwd', '/etc/secret', '/etc/shadow, /etc/group']);
    expect(await paths('container=c-db&kind=Container.Package.Updated')).toEqual(['/var/lib/dpkg/status, /usr/bin/psql']);
    expect(await paths('container=host')).toEqual(['/etc/hosts']);
    expect(await paths('host=node-1&path=shadow')).toEqual(['/etc/shadow, /etc/group']);
    expect(await paths(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(await paths(`until=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`)).toEqual([]);
    expect(await paths('limit=1')).toEqual([all.body.reports[0].path]);

    const bad = await getJson('/reports?kind=Nope&limit=0&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.message?.join('\n')).toMatch(/kind/);
    expect(bad.body.message?.join('\n')).toMatch(/limit/);
    expect(bad.body.message?.join('\n')).toMatch(/colour/);
  });

  it('exposes health and metrics', async () => {
    const health = await getJson('/health');
    expect(health.status).toBe(200);
    expect(JSON.stringify(health.body)).toMatch(/"consumer":"connected"/);

    const metric = (text: string, name: string) => metricSample(text, name) ?? NaN;
    await waitFor(() => 'lag gauges', async () => (await (await fetch(`${url}/metrics`)).text()).includes('fsmon_aggregator_consumer_lag{'), 5000);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(metric(text, 'fsmon_aggregator_events_in_total')).toBe(8);
    expect(metric(text, 'fsmon_aggregator_reports_out_total')).toBe(6);
    expect(metric(text, 'fsmon_aggregator_gap_events_total')).toBe(1);
    expect(metric(text, 'fsmon_aggregator_aggregates')).toBe(0);
    expect(text).toMatch(/^fsmon_aggregator_consumer_lag\{member="[^"]+",partition="\d+"\} 0$/m);
    expect(text).toMatch(/^fsmon_kafka_dead_letters_total\{topic="fsmon\.raw-events\.v1",cause="not-json"\} 1$/m);
    expect(text).toMatch(/^fsmon_kafka_consumer_dead_lettered\{group="[^"]+"\} 2$/m);
  });

  it('keeps its windows through a broker outage, then reports and commits them', async () => {
    const eventsIn = service().snapshot().engine.eventsIn;
    const held = batch(7, [fileEvent({ id: 'c:11', path: '/etc/ssh/sshd_config', container: null })]);
    await producer.publish(Topics.RawEvents, [{ key: batchKey(held), value: held }]);
    await waitFor(() => 'the event accepted', () => service().snapshot().engine.eventsIn === eventsIn + 1, 10_000);
    // The tap leaves during the outage: a kafkajs consumer that lives through one can keep a
    // coordinator socket open after it stops, which the embedded broker's stop() refuses.
    await tap.stop();
    broker.setBrokerDown(1);
    try {
      await waitFor(() => 'health to report the outage', async () => (await fetch(`${url}/health`)).status === 503, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const s = service().snapshot();
      // The event waits in a live window (ticks pause while the consumer is cut off) or in the report queue.
      expect(s.engine.aggregates + s.outbox.pending).toBeGreaterThanOrEqual(1);
    } finally {
      broker.setBrokerUp(1);
    }
    tap = new ReportsTap(kafka);
    await tap.start();
    await waitFor(() => 'the report after the outage', () => tap.reports.some((r) => r.path === '/etc/ssh/sshd_config'), 30_000);
    let left: string[] = [];
    await waitFor(() => `commits after the outage (${left.join(', ')})`, async () => (left = await uncommitted()).length === 0, 15_000);
    expect(new Set(tap.reports.filter((r) => r.path === '/etc/ssh/sshd_config').map((r) => r.reportId)).size).toBe(1);
    expect(service().snapshot().outbox).toMatchObject({ pending: 0, lost: 0, deadLettered: 0 });
  });

  it('replaces a crashed engine worker and re-reads what it held: nothing lost, duplicates under the same id', async () => {
    const eventsIn = service().snapshot().engine.eventsIn;
    const first = batch(8, [fileEvent({ id: 'c:12', path: '/etc/crontab', container: null, procs: [proc('crond', 40)] })]);
    await producer.publish(Topics.RawEvents, [{ key: batchKey(first), value: first }]);
    await waitFor(() => 'the event accepted', () => service().snapshot().engine.eventsIn === eventsIn + 1, 10_000);
    // The worker dies as a crash would end it (a clean stop goes through EngineStage.close()).
    const stage = service().engine as unknown as { shards: { worker: { terminate(): Promise<number> } }[] };
    await stage.shards[0].worker.terminate();
    const second = batch(9, [fileEvent({ id: 'c:13', path: '/etc/fstab', container: null, procs: [proc('mount', 41)] })]);
    await producer.publish(Topics.RawEvents, [{ key: batchKey(second), value: second }]);

    await waitFor(() => 'both reports after the crash', () => ['/etc/crontab', '/etc/fstab'].every((p) => tap.reports.some((r) => r.path === p)), 45_000);
    let left: string[] = [];
    await waitFor(() => `commits after the crash (${left.join(', ')})`, async () => (left = await uncommitted()).length === 0, 30_000);
    for (const path of ['/etc/crontab', '/etc/fstab']) {
      const firsts = tap.reports.filter((r) => r.path === path && r.count === 1);
      expect(new Set(firsts.map((r) => r.reportId)).size).toBe(1);
    }
    const s = service().snapshot();
    expect(s.engineStage).toMatchObject({ workers: 1, restarts: 1 });
    expect(s.engine.eventsIn).toBeGreaterThanOrEqual(eventsIn + 2);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^fsmon_aggregator_engine_worker_restarts_total\{member="[^"]+"\} 1$/m);
  });

  it('flushes held windows on shutdown and commits them', async () => {
    const before = tap.reports.length;
    const eventsIn = service().snapshot().engine.eventsIn;
    const held = batch(6, [fileEvent({ id: 'c:10', path: '/etc/resolv.conf', container: null })]);
    await producer.publish(Topics.RawEvents, [{ key: batchKey(held), value: held }]);
    await waitFor(() => 'the held event accepted', () => service().snapshot().engine.eventsIn === eventsIn + 1, 10_000);
    expect(service().snapshot().engine.aggregates).toBe(1);
    const closing = app?.close();
    app = undefined;
    await closing;
    await waitFor(() => 'the flushed report', () => tap.reports.length > before, 10_000);
    expect(tap.reports[before]).toMatchObject({ path: '/etc/resolv.conf', count: 1, kind: 'Host.FileAccess.Violation' });
    expect(await uncommitted()).toEqual([]);
  });
});
