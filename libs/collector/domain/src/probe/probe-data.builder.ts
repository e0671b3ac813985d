import type { ProbeData } from '@fsmon/contracts';

export interface ProbeCounts {
  /** Paths pending in the coalescer (seed NFileEvents). */
  readonly pendingPaths: number;
  /** Containers (root pids) being watched (seed NGroups). */
  readonly groups: number;
  readonly fan?: Partial<ProbeData['fan']>;
  readonly ino?: Partial<ProbeData['ino']>;
  /** Monotonic counters (events, denials, overflows, drops), by name. */
  readonly counters?: Readonly<Record<string, number>>;
}

const gauge = (value: number | undefined): number => (value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

/**
 * Assembles the seed's probe gauges (§6) plus counters into the contract's ProbeData. Missing
 * gauges are 0; a negative or non-finite value (a caller bug) is reported as 0 rather than making
 * the whole status message invalid.
 */
export function buildProbeData(counts: ProbeCounts): ProbeData {
  const fan = counts.fan ?? {};
  const ino = counts.ino ?? {};
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts.counters ?? {})) counters[name] = Number.isFinite(value) && value > 0 ? value : 0;
  return {
    nFileEvents: gauge(counts.pendingPaths),
    nGroups: gauge(counts.groups),
    fan: {
      nRoots: gauge(fan.nRoots),
      nMntRoots: gauge(fan.nMntRoots),
      nDirMarks: gauge(fan.nDirMarks),
      nRules: gauge(fan.nRules),
      nPaths: gauge(fan.nPaths),
      nDirs: gauge(fan.nDirs),
    },
    ino: { nWds: gauge(ino.nWds), nPaths: gauge(ino.nPaths), nDirs: gauge(ino.nDirs) },
    counters,
  };
}
