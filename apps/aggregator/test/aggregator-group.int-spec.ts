import { Topics, type ContainerIdentity, type MonitorMessage, type RawEventBatch } from '@fsmon/contracts';
import type { EventPublisher, KafkaClient } from '@fsmon/kafka';
import { freePort, uniqueGroupId } from '@fsmon/testing';
import { AggregatorProcess } from './support/aggregator.process';
import { uncommittedPartitions } from './support/group-offsets';
import { batch, batchKey, fileEvent, proc } from './support/raw-events.fixtures';
import { ReportsTap } from './support/reports.tap';
import { startSpecKafka, type SpecKafka } from './support/spec-kafka';
import { waitFor } from './support/wait';

// Two app processes (each a group join and a rebalance, ~5 s on the embedded broker) and a crash.
// On a loaded machine booting them takes ~25 s, and the embedded broker sometimes refuses a join
// (INVALID_REQUEST), after which the app replaces its consumer (~12 s here): bounds allow for both.
jest.setTimeout(120_000);

const PARTITIONS = 8;
const containers: ContainerIdentity[] = Array.from({ length: 16 }, (_, i) => ({ id: `c-${i}`, name: `app-${i}`, image: 'busybox', labels: {} }));

/** Each container's program writes distinct paths, so every event is visible in the reports' path lists. */
function writes(round: string, c: ContainerIdentity, seq: number, n: number): RawEventBatch {
  return batch(
    seq,
    Array.from({ length: n }, (_, i) => fileEvent({ id: `${round}:${c.id}:${seq}:${i}`, path: `/data/${round}/${c.id}/${seq}-${i}`, container: c, procs: [proc('writer', 40)] })),
  );
}

/** Every single path of every report. */
function reportedPaths(reports: readonly MonitorMessage[]): string[] {
  return reports.flatMap((r) => r.path.split(', '));
}

describe('aggregator instances in one consumer group', () => {
  const groupId = uniqueGroupId('group-spec');
  let spec: SpecKafka;
  let kafka: KafkaClient;
  let producer: EventPublisher;
  let tap: ReportsTap;
  let a: AggregatorProcess;
  let b: AggregatorProcess;

  beforeAll(async () => {
    spec = await startSpecKafka();
    ({ kafka, producer } = spec);
    tap = new ReportsTap(kafka);
    const env = {
      ...spec.env,
      LOG_LEVEL: 'warn',
      AGGREGATOR_GROUP_ID: groupId,
      AGGREGATOR_TICK_MS: '100',
      // Well above any stall of a loaded machine: a tick that closed a window by the clock while its
      // next event was still in flight would let a crash replay cut the events differently.
      AGGREGATOR_HOLD_MS: '3000',
      AGGREGATOR_REREPORT_MS: '20000',
      AGGREGATOR_LAG_REFRESH_MS: '0',
    };
    a = new AggregatorProcess('aggregator-a', await freePort(), env);
    b = new AggregatorProcess('aggregator-b', await freePort(), env);
    await tap.start();
  });

  afterAll(async () => {
    for (const p of [a, b]) {
      const ended = await p?.stop();
      if (ended && ended.signal === null && ended.code !== 0) console.error(`${p.name} exited ${ended.code}:\n${p.log()}`);
    }
    await tap?.stop();
    await spec?.stop();
  });

  it('splits the partitions and together reports every event once', async () => {
    let split = '';
    await waitFor(
      () => `both instances to hold partitions (${split})\n--- a:\n${a.log()}\n--- b:\n${b.log()}`,
      async () => {
        const [pa, pb] = await Promise.all([a.partitions(), b.partitions()]);
        split = `a: ${pa?.join() ?? '-'} | b: ${pb?.join() ?? '-'}`;
        return pa !== undefined && pb !== undefined && pa.length > 0 && pb.length > 0 && new Set([...pa, ...pb]).size === PARTITIONS && pa.length + pb.length === PARTITIONS;
      },
      90_000,
    );

    await producer.publish(Topics.RawEvents, containers.map((c, i) => ({ key: `host-1/${c.id}`, value: writes('one', c, i, 5) })));
    const expected = containers.flatMap((c, i) => writes('one', c, i, 5).events.map((e) => (e.type === 'file' ? e.path : '')));
    await waitFor(() => `every path reported (${tap.reports.length} reports)`, () => expected.every((p) => reportedPaths(tap.reports).includes(p)), 15_000);

    expect(reportedPaths(tap.reports).sort()).toEqual([...expected].sort());
    expect(tap.reports).toHaveLength(2 * containers.length);
    for (const c of containers) {
      const mine = tap.reports.filter((r) => r.id === c.id);
      expect(mine.map((r) => r.count).sort()).toEqual([1, 4]);
    }
    const [byA, byB] = await Promise.all([a.reports(), b.reports()]);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    expect(byA.length + byB.length).toBe(tap.reports.length);
    const containersOf = (rs: MonitorMessage[]) => new Set(rs.map((r) => r.id));
    expect([...containersOf(byA)].filter((id) => containersOf(byB).has(id))).toEqual([]);
  });

  it('loses nothing when one instance is killed mid-stream; repeats carry the same report id', async () => {
    const start = tap.reports.length;
    const produced: string[] = [];
    const acceptedBefore = await a.metric('fsmon_aggregator_events_in_total');
    let acceptedByA = 0;
    for (let round = 0; round < 30; round++) {
      const batches = containers.map((c) => writes('two', c, round, 2));
      await producer.publish(Topics.RawEvents, batches.map((value) => ({ key: batchKey(value), value })));
      for (const bt of batches) for (const e of bt.events) if (e.type === 'file') produced.push(e.path);
      if (round === 12) {
        acceptedByA = (await a.metric('fsmon_aggregator_events_in_total')) - acceptedBefore;
        a.kill('SIGKILL');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Otherwise the crash would prove nothing: a must have been holding live windows.
    expect(acceptedByA).toBeGreaterThan(0);

    const seen = () => new Set(reportedPaths(tap.reports.slice(start)));
    await waitFor(() => `every path reported (${produced.filter((p) => !seen().has(p)).length} of ${produced.length} missing)\n--- b:\n${b.log()}`, () => produced.every((p) => seen().has(p)), 30_000);

    const after = tap.reports.slice(start);
    const byId = new Map<string, MonitorMessage[]>();
    for (const r of after) byId.set(r.reportId, [...(byId.get(r.reportId) ?? []), r]);
    for (const group of byId.values()) {
      expect(group.map((r) => `${r.path}#${r.count}`)).toEqual(group.map(() => `${group[0].path}#${group[0].count}`));
    }
    const resent = after.length - byId.size;
    const regrouped = reportedPaths([...byId.values()].map((g) => g[0])).length - produced.length;
    console.log(`kill -9 mid-stream: ${produced.length} events (a had accepted ${acceptedByA}), ${after.length} reports, ${resent} re-sent under the same id, ${regrouped} paths regrouped under new ids`);
    // Every window opens in round 0 and stays live to the end of the stream, so a restart rebuilds
    // whole windows: repeats are only re-sent reports (at most one per window), never regroupings.
    expect(regrouped).toBe(0);
    expect(resent).toBeLessThanOrEqual(2 * containers.length);
    let behind: string[] = [];
    await waitFor(() => `the survivor to commit every partition (${behind.join(', ')})`, async () => (behind = await uncommittedPartitions(kafka, groupId)).length === 0, 10_000);
  });

  it('shuts down on SIGTERM: flushes its open windows, commits and exits', async () => {
    const before = tap.reports.length;
    const last = containers.slice(0, 4).map((c, i) => writes('three', c, i, 3));
    await producer.publish(Topics.RawEvents, last.map((value) => ({ key: batchKey(value), value })));
    const paths = last.flatMap((bt) => bt.events.map((e) => (e.type === 'file' ? e.path : '')));
    // The first reports are out at once; the rest of each window waits for its hold, or the shutdown.
    await waitFor(() => 'the first reports', () => tap.reports.length >= before + last.length, 10_000);
    expect(await b.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    await waitFor(() => 'the flushed windows', () => paths.every((p) => reportedPaths(tap.reports.slice(before)).includes(p)), 10_000);
    expect(await uncommittedPartitions(kafka, groupId)).toEqual([]);
  });
});
