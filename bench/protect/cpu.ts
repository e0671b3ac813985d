// CPU time of the responders, from /proc: where the collector spends its time per open (its main
// thread against the permission worker), next to what the C responder needs for the same opens.
import fs from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on every Linux that matters). */
const TICKS_PER_S = 100;

/** utime + stime of one /proc stat line, in µs. */
function cpuUs(stat: string): number {
  // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_S;
}

/** CPU µs of every thread of `pid` (by tid); threads that are gone are left out. */
export function threadCpuUs(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      out[tid] = cpuUs(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU µs of the whole process `pid` (all its threads), null when it is gone. */
export function processCpuUs(pid: number): number | null {
  try {
    return cpuUs(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** What the collector's threads spent between two samples: its main thread, its busiest other thread (the permission worker), the rest. */
export function collectorSpent(pid: number, before: Record<string, number>, after: Record<string, number>): { main: number; worker: number; other: number } {
  const delta = Object.entries(after).map(([tid, us]) => ({ tid, us: us - (before[tid] ?? 0) }));
  const main = delta.find((d) => d.tid === String(pid))?.us ?? 0;
  const others = delta.filter((d) => d.tid !== String(pid)).sort((a, b) => b.us - a.us);
  const worker = others[0]?.us ?? 0;
  return { main, worker, other: others.slice(1).reduce((n, d) => n + d.us, 0) };
}
