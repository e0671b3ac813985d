import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

// The probe thread: opens the probe file every `intervalMs`. The file carries a permission mark,
// so each open waits in the same kernel queue as the workloads' opens and is answered by the same
// worker (as the collector's own open: allowed at once). Slots: [0] start of the open in flight
// (epoch ms, 0 = none), [1] slowest completed open since the last sample, [2] opens, [3] errors.
const PROBE_THREAD = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const stop = new Int32Array(workerData.stop);
const t = new Float64Array(workerData.times);
const now = () => performance.timeOrigin + performance.now();
while (Atomics.load(stop, 0) === 0) {
  Atomics.wait(stop, 0, 0, workerData.intervalMs);
  if (Atomics.load(stop, 0) !== 0) break;
  const t0 = now();
  t[0] = t0;
  try { fs.closeSync(fs.openSync(workerData.file, 'r')); } catch { t[3]++; }
  const took = now() - t0;
  t[0] = 0;
  if (took > t[1]) t[1] = took;
  t[2]++;
}
`;

export interface ProbeSample {
  /** How long the open in flight has been waiting (0: none). */
  readonly waitingMs: number;
  /** Slowest open completed since the previous sample (0: none). */
  readonly slowestMs: number;
}

/**
 * Measures verdict latency end to end: a thread of the collector opens a permission-marked file
 * of its own at a fixed interval; an open that waits long means the permission queue is behind or
 * its worker is stuck, whatever the cause. The thread never holds anything the main thread needs.
 */
export class VerdictProbe {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly times = new Float64Array(new SharedArrayBuffer(32));
  private readonly worker: Worker;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly dir: string,
    readonly file: string,
    intervalMs: number,
  ) {
    this.worker = new Worker(PROBE_THREAD, {
      eval: true,
      workerData: { stop: this.stopFlag.buffer, times: this.times.buffer, file, intervalMs },
    });
    this.worker.unref();
  }

  /** Creates the probe file (mark it before `start`) in a private temporary directory. */
  static create(intervalMs: number): { file: string; start: () => VerdictProbe } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-verdict-probe-'));
    const file = path.join(dir, 'probe');
    fs.writeFileSync(file, '');
    return { file, start: () => new VerdictProbe(dir, file, intervalMs) };
  }

  /** The latency now, and the slowest since the previous sample (which this resets). */
  sample(now = performance.timeOrigin + performance.now()): ProbeSample {
    const started = this.times[0];
    const slowest = this.times[1];
    this.times[1] = 0;
    return { waitingMs: started > 0 ? Math.max(0, now - started) : 0, slowestMs: slowest };
  }

  counters(): { opens: number; errors: number } {
    return { opens: this.times[2], errors: this.times[3] };
  }

  /** Stops the thread (bounded: an open still blocked is released when the permission group closes). */
  stop(timeoutMs = 2000): Promise<void> {
    this.stopping ??= (async () => {
      Atomics.store(this.stopFlag, 0, 1);
      Atomics.notify(this.stopFlag, 0);
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      await Promise.race([exited, late]);
      clearTimeout(timer);
      void this.worker.terminate();
      fs.rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}
