import fs from 'node:fs';

/** CPU nanoseconds per thread (Linux task id) of this process; empty where /proc has no schedstat. */
export type ThreadCpu = Map<number, number>;

/**
 * Reads every thread's time on CPU (first field of /proc/<pid>/task/<tid>/schedstat, in ns) of this
 * process or of `pid`. Event loop utilization counts a thread busy while it waits for a core too,
 * which on a 2-core machine shared with the engine worker and the broker inflates it; this is the
 * CPU each thread really used.
 */
export function threadCpu(pid: number | 'self' = 'self'): ThreadCpu {
  const cpu: ThreadCpu = new Map();
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const tid of tasks) {
    try {
      cpu.set(Number(tid), Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpu;
}

/** CPU ms between two readings: the main thread, the threads started in between (the app's engine workers), and all the others. */
export interface ThreadCpuSplit {
  mainMs: number;
  newThreadsMs: number;
  otherMs: number;
}

/** `existing`: the threads there before the app started (broker, V8 and libuv pools), so new ones are the app's. */
export function splitThreadCpu(existing: ReadonlySet<number>, from: ThreadCpu, to: ThreadCpu): ThreadCpuSplit {
  const split: ThreadCpuSplit = { mainMs: 0, newThreadsMs: 0, otherMs: 0 };
  for (const [tid, ns] of to) {
    const ms = (ns - (from.get(tid) ?? 0)) / 1e6;
    if (tid === process.pid) split.mainMs += ms;
    else if (!existing.has(tid)) split.newThreadsMs += ms;
    else split.otherMs += ms;
  }
  return split;
}
