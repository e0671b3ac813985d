import type { MonitorMessage } from '@fsmon/contracts';
import { AggregatorError } from './aggregator.error';
import { ReportAggregator } from './report-aggregator';
import { byId, DB, Driver, HOST, proc, T0, WEB, withoutTime, type EventSpec } from '../test/aggregator.fixtures';

const bash = proc('bash', 200);
const vi = proc('vi', 400);

/** A stream touching every rule: merge, another program, inotify, upgrade, re-report, package, expiry. */
const STREAM: EventSpec[] = [
  { t: 0, path: '/etc/a', procs: [bash] },
  { t: 2, path: '/etc/b', procs: [bash] },
  { t: 3, path: '/etc/x' },
  { t: 4, path: '/etc/a', procs: [vi] },
  { t: 6, path: '/etc/y' },
  { t: 8, path: '/etc/y', procs: [vi] },
  { t: 9, path: '/etc/z', container: DB },
  ...Array.from({ length: 16 }, (_, i) => ({ t: 10 + i * 5, path: `/var/log/l${i % 3}`, procs: [bash], container: DB })),
  { t: 40, path: '/etc/a', procs: [bash] },
  { t: 41, path: '/var/lib/dpkg/status', procs: [proc('dpkg', 9)] },
  { t: 45, path: '/usr/bin/t', procs: [proc('dpkg', 9)] },
  { t: 120, path: '/etc/a', procs: [bash] },
  { t: 121, path: '/etc/a' },
].sort((a, b) => a.t - b.t);

/** Plays STREAM with the clock in step and a tick every 5 s. */
function live(stream = STREAM): Driver {
  const d = new Driver();
  for (const e of stream) {
    d.runUntil(e.t - 0.001);
    d.send(e);
  }
  d.runUntil(400);
  return d;
}

describe(`${ReportAggregator.name} delivery`, () => {
  describe('report ids', () => {
    it('are unique, and the same when the same events are processed again at another pace', () => {
      const first = live().reports;
      expect(new Set(first.map((r) => r.reportId)).size).toBe(first.length);
      const replay = new Driver();
      replay.clock.advance(3_600_000);
      for (const e of STREAM) {
        const { event, partition, offset } = replay.event(e);
        replay.keep(replay.engine.accept(event, HOST, { partition, offset }));
      }
      replay.flushAll();
      expect(replay.reports.map(withoutTime).sort(byId)).toEqual(first.map(withoutTime).sort(byId));
    });

    it.each(Array.from({ length: STREAM.length + 1 }, (_, k) => k))(
      'after a crash past event %i, lose nothing and repeat only re-read events, with the same ids for rebuilt windows',
      (k) => {
        const original = new Driver();
        STREAM.slice(0, k).forEach((e) => {
          original.runUntil(e.t - 0.001);
          original.send(e);
        });
        const committed = Number(original.engine.safeCommitOffsets().get(0) ?? '0');
        const sent = new Map(original.reports.map((r) => [r.reportId, r]));
        const restarted = new Driver();
        STREAM.forEach((e) => {
          const { event, partition, offset } = restarted.event(e);
          if (Number(offset) < committed) return;
          restarted.runUntil(e.t - 0.001);
          restarted.keep(restarted.engine.accept(event, HOST, { partition, offset }));
        });
        restarted.flushAll();
        const again = restarted.reports.flatMap((r) => {
          const before = sent.get(r.reportId);
          return before === undefined ? [] : [[r, before]];
        });
        for (const [now, before] of again) expect(withoutTime(now)).toEqual(withoutTime(before));
        const total = (rs: MonitorMessage[]) => rs.reduce((n, r) => n + r.count, 0);
        const delivered = total(original.reports) + total(restarted.reports.filter((r) => !sent.has(r.reportId)));
        const complete = total(live().reports);
        expect(delivered).toBeGreaterThanOrEqual(complete);
        expect(delivered - complete).toBeLessThanOrEqual(Math.max(0, k - committed));
        if (k === STREAM.length) expect(again.length).toBeGreaterThan(0);
      },
    );
  });

  describe('commit offsets', () => {
    it('hold the offset of an immediately reported event until its window closes', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '0']]));
      d.send({ t: 1, path: '/etc/b', procs: [bash] });
      d.gap(2, 7);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '0']]));
      expect(d.runUntil(30)).toHaveLength(1);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '3']]));
      expect(d.engine.metrics()).toMatchObject({ gapsSeen: 1, gapEventsLost: 7 });
    });

    it('pass a skipped (dead-lettered) message, and only up to the lowest pin', () => {
      const d = new Driver();
      d.engine.skip({ partition: 3, offset: '4' });
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[3, '5']]));
      d.send({ t: 0, path: '/etc/a', partition: 0 });
      d.engine.skip({ partition: 0, offset: '9' });
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '0'], [3, '5']]));
      expect(() => d.engine.skip({ partition: 0, offset: 'x' })).toThrow(AggregatorError);
    });

    it('advance per partition, by the lowest offset a live window pins', () => {
      const d = new Driver();
      d.send({ t: 0, path: '/etc/a', partition: 0 });
      d.send({ t: 10, path: '/etc/b', partition: 0 });
      d.send({ t: 10, path: '/etc/c', partition: 1, container: DB });
      d.gap(11, undefined, 2);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '0'], [1, '0'], [2, '1']]));
      d.tickAt(25);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '1'], [1, '0'], [2, '1']]));
      d.tickAt(35);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '2'], [1, '1'], [2, '1']]));
    });

    it('stay pinned while a package window holds an absorbed aggregate', () => {
      const d = new Driver();
      d.send({ t: 0, path: '/etc/a', procs: [bash] });
      d.send({ t: 20, path: '/var/lib/dpkg/status', procs: [proc('dpkg', 9)] });
      d.runUntil(60);
      expect(d.engine.safeCommitOffsets().get(0)).toBe('0');
      d.runUntil(80);
      expect(d.engine.safeCommitOffsets().get(0)).toBe('2');
    });

    it('compare offsets beyond 2^53 exactly', () => {
      const d = new Driver();
      const { event } = d.event({ t: 0 });
      d.engine.accept(event, HOST, { partition: 0, offset: '9007199254740993' });
      expect(d.engine.safeCommitOffsets().get(0)).toBe('9007199254740993');
      d.engine.flushAll();
      expect(d.engine.safeCommitOffsets().get(0)).toBe('9007199254740994');
    });

    it.each([{ partition: -1, offset: '1' }, { partition: 0, offset: '-1' }, { partition: 0, offset: '1e3' }, { partition: 0.5, offset: '1' }])(
      'reject position %o before changing any state',
      (position) => {
        const d = new Driver();
        const { event } = d.event({ t: 0, procs: [bash] });
        expect(() => d.engine.accept(event, HOST, position)).toThrow(expect.objectContaining({ code: 'INVALID_POSITION' }));
        expect(d.engine.size()).toBe(0);
        expect(d.engine.safeCommitOffsets().size).toBe(0);
      },
    );
  });

  describe(ReportAggregator.prototype.dropPartitions.name, () => {
    it('discards the windows of revoked partitions and forgets their offsets', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash], partition: 0 });
      d.send({ t: 1, procs: [bash], partition: 1, container: DB });
      d.send({ t: 2, procs: [bash], partition: 1, container: DB });
      expect(d.engine.dropPartitions([1])).toEqual([]);
      expect(d.engine.size()).toBe(1);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '0']]));
      expect(d.engine.metrics().revokeDiscards).toBe(1);
    });

    it('flushes a window that also holds events of a kept partition', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash], partition: 0 });
      d.send({ t: 1, procs: [bash], partition: 1 });
      expect(d.engine.dropPartitions([1])).toMatchObject([{ count: 1 }]);
      expect(d.engine.size()).toBe(0);
      expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '1']]));
      expect(d.engine.metrics().revokeFlushes).toBe(1);
    });
  });

  describe('bounded memory', () => {
    it('flushes the least recently updated aggregates early when a container floods paths, dropping nothing', () => {
      const d = new Driver({ maxAggregatesPerContainer: 3, maxAggregates: 5 });
      d.send({ t: 0, path: '/etc/other', container: DB });
      for (let i = 0; i < 10; i++) d.send({ t: 1 + i * 0.1, path: `/tmp/f${i}` });
      expect(d.engine.size()).toBe(4);
      expect(d.reports.map((r) => r.path)).toEqual(['/tmp/f0', '/tmp/f1', '/tmp/f2', '/tmp/f3', '/tmp/f4', '/tmp/f5', '/tmp/f6']);
      expect(d.engine.metrics().earlyFlushes).toBe(7);
      for (let i = 0; i < 3; i++) d.send({ t: 3, path: `/srv/g${i}`, container: { ...WEB, id: `c-${i}` } });
      expect(d.engine.size()).toBe(5);
      expect(d.reports.map((r) => r.path).slice(7)).toEqual(['/etc/other', '/tmp/f7']);
      d.flushAll();
      expect(d.reports.reduce((n, r) => n + r.count, 0)).toBe(14);
      expect(d.reports.every((r) => r.count >= 1)).toBe(true);
    });

    it.each([
      { name: 'a path count', config: { maxPathsPerReport: 3 }, length: 10, sizes: [3, 3, 3] },
      { name: 'a character budget', config: { maxPathChars: 4096 }, length: 1000, sizes: [4, 4, 1] },
    ])('splits a window whose path list reaches $name', ({ config, length, sizes }) => {
      const d = new Driver(config);
      d.send({ t: 0, path: '/first', procs: [bash] });
      for (let i = 1; i <= 9; i++) d.send({ t: i, path: `/${String(i).padStart(length - 1, 'p')}`, procs: [bash] });
      d.runUntil(60);
      const windows = d.reports.slice(1);
      expect(windows.map((r) => r.path.split(', ').length)).toEqual(sizes);
      expect(windows.map((r) => r.count)).toEqual(sizes);
      expect(windows.every((r) => r.path.length <= 4096)).toBe(true);
      expect(d.engine.metrics().pathSplits).toBe(2);
    });
  });

  describe('configuration', () => {
    it('rejects bad values naming each of them', () => {
      const make = () => new ReportAggregator({ holdMs: 0, maxAggregates: 1.5, maxPathChars: 100_000 });
      expect(make).toThrow(AggregatorError);
      expect(make).toThrow(/holdMs.*maxAggregates.*maxPathChars/);
    });

    it('uses the seed timing by default', () => {
      expect(new ReportAggregator().config).toMatchObject({
        tickMs: 5000,
        holdMs: 25_000,
        packageHoldMs: 60_000,
        upgradeHoldMs: 10_000,
        reReportMs: 65_000,
      });
    });
  });

  it('takes a whole batch and hands back its gaps', () => {
    const d = new Driver();
    const events = [d.event({ t: 0, procs: [bash] }).event, d.event({ t: 1, procs: [bash] }).event];
    const gap = { type: 'gap' as const, id: 'col-1:g', at: new Date(T0).toISOString(), reason: 'spool-full' as const, scope: '/' };
    const out = d.engine.acceptBatch({ schema: 1, collectorId: 'col-1', host: HOST, seq: 1, events: [...events, gap] }, { partition: 3, offset: '77' });
    expect(out).toMatchObject({ reports: [{ count: 1 }], gaps: [gap] });
    expect(d.engine.safeCommitOffsets()).toEqual(new Map([[3, '77']]));
    expect(d.engine.metrics()).toMatchObject({ eventsIn: 2, gapsSeen: 1 });
  });
});
