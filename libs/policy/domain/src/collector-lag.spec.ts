import type { CollectorStatus } from '@fsmon/contracts';
import { collectorLag, type CollectorRecord, nextCollectorRecord } from './collector-lag';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const status = (applied: number, atMs: number): CollectorStatus => ({
  collectorId: 'c1',
  host: { id: 'h1', name: 'node-1' },
  version: '0.1.0',
  startedAt: iso(0),
  at: iso(atMs),
  appliedRevision: applied,
  capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
  containers: [],
  probe: { nFileEvents: 0, nGroups: 0, fan: { nRoots: 0, nMntRoots: 0, nDirMarks: 0, nRules: 0, nPaths: 0, nDirs: 0 }, ino: { nWds: 0, nPaths: 0, nDirs: 0 } , counters: {} },
  drops: {},
});
const opts = { heartbeatMs: 10_000, staleHeartbeats: 3, graceMs: 20_000 };

function record(prev: CollectorRecord | null, applied: number, atMs: number, current: number): CollectorRecord {
  const r = nextCollectorRecord(prev, status(applied, atMs), current, iso(atMs));
  if (r === 'outdated') throw new Error('unexpected outdated');
  return r;
}

describe(nextCollectorRecord.name, () => {
  it('remembers since when a collector is behind and forgets it once it caught up', () => {
    const a = record(null, 5, 0, 5);
    expect(a.waitingFor).toBeNull();
    const b = record(a, 5, 10_000, 7);
    expect(b.waitingFor).toEqual({ revision: 7, since: iso(10_000) });
    const c = record(b, 6, 20_000, 8);
    expect(c.waitingFor).toEqual({ revision: 7, since: iso(10_000) });
    const d = record(c, 7, 30_000, 9);
    expect(d.waitingFor).toEqual({ revision: 9, since: iso(30_000) });
    expect(record(d, 9, 40_000, 9).waitingFor).toBeNull();
  });

  it('ignores an older status of the same run', () => {
    const a = record(null, 5, 10_000, 5);
    expect(nextCollectorRecord(a, status(4, 5_000), 5, iso(11_000))).toBe('outdated');
  });
});

describe(collectorLag.name, () => {
  it.each([
    ['up to date', 5, 5, 0, 5_000, { lag: 0, lagging: false, stale: false, reason: null }],
    ['behind within the grace', 5, 7, 10_000, 20_000, { lag: 2, lagging: false, reason: null }],
    ['behind beyond the grace', 5, 7, 10_000, 35_000, { lag: 2, lagging: true, reason: 'behind' }],
    ['stale', 5, 5, 0, 31_000, { lag: 0, lagging: true, stale: true, reason: 'stale' }],
  ])('%s', (_, applied, current, firstBehindMs, nowMs, expected) => {
    const first = record(null, applied, 0, applied);
    const rec = firstBehindMs === 0 ? first : record(first, applied, firstBehindMs, current);
    expect(collectorLag(rec, current, T0 + nowMs, opts)).toMatchObject(expected);
  });
});
