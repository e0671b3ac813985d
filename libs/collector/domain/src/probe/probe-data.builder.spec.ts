import { ProbeData } from '@fsmon/contracts';
import { buildProbeData } from './probe-data.builder';

describe(buildProbeData.name, () => {
  it('fills the seed gauges and counters into a valid ProbeData', () => {
    const probe = buildProbeData({
      pendingPaths: 12,
      groups: 3,
      fan: { nRoots: 3, nDirMarks: 40, nPaths: 9 },
      ino: { nWds: 51 },
      counters: { 'events.fanotify': 1234, 'overflow.coalescer': 2 },
    });
    expect(probe).toEqual({
      nFileEvents: 12,
      nGroups: 3,
      fan: { nRoots: 3, nMntRoots: 0, nDirMarks: 40, nRules: 0, nPaths: 9, nDirs: 0 },
      ino: { nWds: 51, nPaths: 0, nDirs: 0 },
      counters: { 'events.fanotify': 1234, 'overflow.coalescer': 2 },
    });
    expect(ProbeData.safeParse(probe).success).toBe(true);
  });

  it('reports a broken gauge as 0 instead of producing an invalid status', () => {
    const probe = buildProbeData({ pendingPaths: -1, groups: Number.NaN, counters: { bad: -5 } });
    expect(probe.nFileEvents).toBe(0);
    expect(probe.nGroups).toBe(0);
    expect(probe.counters).toEqual({ bad: 0 });
    expect(ProbeData.safeParse(probe).success).toBe(true);
  });
});
