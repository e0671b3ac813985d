// The collector app as a child process (apps/collector/src/main.ts, as deployed), driven over its
// admin HTTP API: readiness from /watches, counters from /probe, RSS from /proc. Every wait bounded.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Proc, start } from './procs';

const ROOT = path.resolve(__dirname, '../..');

export interface Probe {
  nGroups: number;
  fan: { nDirMarks: number };
  counters: Record<string, number>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class CollectorProc {
  private constructor(
    private readonly proc: Proc,
    readonly pid: number,
    private readonly base: string,
  ) {}

  static async start(env: Record<string, string>): Promise<CollectorProc> {
    const port = await freePort();
    const proc = start('node', ['-r', path.join(ROOT, 'bench/register-ts.js'), path.join(ROOT, 'apps/collector/src/main.ts')], {
      env: { ...process.env, LOG_LEVEL: 'warn', HTTP_PORT: String(port), PROTECT_PERMISSION: 'off', PROTECT_OBSERVE: 'notify', ...env },
    });
    const c = new CollectorProc(proc, proc.pid, `http://127.0.0.1:${port}`);
    await c.until(async () => (await c.get('/health').catch(() => null)) !== null, 60_000, 'the collector to answer /health');
    return c;
  }

  async get<T = unknown>(p: string): Promise<T> {
    const res = await fetch(`${this.base}${p}`, { signal: AbortSignal.timeout(10_000) });
    if (res.status >= 500 && p !== '/health') throw new Error(`${p}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  probe(): Promise<Probe> {
    return this.get<Probe>('/probe');
  }

  /** Waits until `count` workloads are watched and started. */
  async watching(count: number, timeoutMs: number): Promise<void> {
    await this.until(
      async () => {
        const w = await this.get<{ workloads: Array<{ state: string }> }>('/watches?children=false');
        return w.workloads.length >= count && w.workloads.every((x) => x.state === 'active');
      },
      timeoutMs,
      `${count} watched workloads`,
    );
  }

  /**
   * Polls the handled-event counter until it stops moving for `idleMs`; returns events handled and
   * the time between the first and the last poll that saw it move (poll period 20 ms).
   */
  async handled(counter: string, before: number, idleMs: number, timeoutMs: number, since?: number): Promise<{ events: number; seconds: number }> {
    const end = Date.now() + timeoutMs;
    let first = since ?? 0;
    let last = 0;
    let seen = before;
    for (;;) {
      const now = performance.now();
      const value = (await this.probe()).counters[counter] ?? 0;
      if (value !== seen) {
        if (first === 0) first = now;
        last = now;
        seen = value;
      } else if (last > 0 && now - last > idleMs) break;
      if (Date.now() > end) throw new Error(`collector still busy after ${timeoutMs} ms (${counter}=${seen})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { events: seen - before, seconds: (last - first) / 1000 };
  }

  /** Resident set size and its peak, kB. */
  rss(): { rssKb: number; hwmKb: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  }

  signal(sig: NodeJS.Signals): void {
    this.proc.signal(sig);
  }

  async stop(): Promise<void> {
    this.proc.signal('SIGTERM');
    await this.proc.exit(30_000).catch(() => this.proc.signal('SIGKILL'));
  }

  private async until(predicate: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await predicate().catch(() => false))) {
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
