import { FileEvents } from '@fsmon/contracts';
import { ReportAggregator } from './report-aggregator';
import { byId, DB, Driver, HOST, proc, WEB, withoutTime, type EventSpec } from '../test/aggregator.fixtures';

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROGRAMS = [proc('bash', 10), proc('bash', 11), proc('vi', 20), proc('nginx', 30), proc('dpkg', 40), proc('cp', 50)];
const PATHS = ['/etc/a', '/etc/b', '/etc/c', '/var/lib/dpkg/status', '/usr/bin/x', '/srv/www/index.html'];
const MSGS = [FileEvents.Modified.msg, FileEvents.Removed.msg, FileEvents.Create.msg];
const CONTAINERS = [WEB, DB, null];

function stream(seed: number, length: number, maxProcs = 2): EventSpec[] {
  const next = random(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  let t = 0;
  return Array.from({ length }, () => {
    t += next() < 0.1 ? 20 + next() * 60 : next() * 4;
    const procs = next() < 0.35 ? [] : next() < 0.9 || maxProcs < 2 ? [pick(PROGRAMS)] : [pick(PROGRAMS), pick(PROGRAMS)];
    return {
      t: Math.round(t * 1000) / 1000,
      path: pick(PATHS),
      msg: pick(MSGS),
      procs,
      container: pick(CONTAINERS),
      decision: procs.length > 0 && next() < 0.05 ? 'denied' : 'none',
      group: next() < 0.9 ? 'g' : 'h',
    };
  });
}


describe(`${ReportAggregator.name} on random streams`, () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: every report valid, counts ≥ 1, ids unique, caps kept, replay identical', (seed) => {
    const events = stream(seed, 600);
    const paced = new Driver({ maxAggregatesPerContainer: 1000, maxAggregates: 5000 });
    for (const e of events) {
      paced.runUntil(e.t - 0.001);
      paced.send(e);
    }
    paced.runUntil(events[events.length - 1].t + 400);
    expect(paced.engine.size()).toBe(0);
    expect(paced.engine.safeCommitOffsets()).toEqual(new Map([[0, String(events.length)]]));
    const { reports } = paced;
    expect(reports.every((r) => r.count >= 1)).toBe(true);
    expect(new Set(reports.map((r) => r.reportId)).size).toBe(reports.length);
    const counted = reports.reduce((n, r) => n + r.count, 0);
    expect(counted).toBeLessThanOrEqual(paced.engine.metrics().messagesIn);

    const fast = new Driver({ maxAggregatesPerContainer: 1000, maxAggregates: 5000 });
    for (const e of events) {
      const { event, partition, offset } = fast.event(e);
      fast.keep(fast.engine.accept(event, HOST, { partition, offset }));
    }
    fast.flushAll();
    expect(fast.reports.map(withoutTime).sort(byId)).toEqual(reports.map(withoutTime).sort(byId));
  });

  it.each([11, 12, 13])('seed %i: under tight caps every event is accounted for and the caps hold', (seed) => {
    const d = new Driver({ maxAggregatesPerContainer: 2, maxAggregates: 4, maxPathsPerReport: 2 });
    let most = 0;
    for (const e of stream(seed, 400, 1)) {
      d.runUntil(e.t - 0.001);
      d.send(e);
      most = Math.max(most, d.engine.size());
    }
    d.flushAll();
    expect(most).toBeLessThanOrEqual(4);
    expect(d.reports.every((r) => r.count >= 1 && r.path.split(', ').length <= 2)).toBe(true);
    const m = d.engine.metrics();
    expect(m.earlyFlushes).toBeGreaterThan(0);
    expect(m.pathSplits).toBeGreaterThan(0);
    // One process per event: each message is in exactly one report's Count, or counted as uncounted.
    expect(d.reports.reduce((n, r) => n + r.count, 0) + m.duplicatesAbsorbed + m.upgrades).toBe(m.messagesIn);
    expect(d.engine.safeCommitOffsets()).toEqual(new Map([[0, '400']]));
  });
});
