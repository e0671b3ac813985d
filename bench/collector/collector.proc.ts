// The collector app as a child process (apps/collector/src/main.ts compiled, as deployed), driven over its
// admin HTTP API: readiness from /watches, counters from /probe, RSS from /proc. Every wait bounded.
import fs from 'node:fs';
import { freePort } from '@fsmon/testing';
import { type Proc, start } from '../support/procs';

export interface Probe {
  /** Paths waiting in the coalescing window for the next pass. */
  nFileEvents: number;
  nGroups: number;
  fan: { nDirMarks: number };
  counters: Record<string, number>;
}

export class CollectorProc {
  private constructor(
    private readonly proc: Proc,
    readonly pid: number,
    private readonly base: string,
  ) {}

  /** Starts `node <program>` (see buildCollector; node flags such as `--cpu-prof` may lead) with `env`. */
  static async start(program: readonly string[], env: Record<string, string>): Promise<CollectorProc> {
    const port = await freePort();
    const proc = start('node', program, {
      env: { ...process.env, LOG_LEVEL: 'warn', HTTP_PORT: String(port), PROTECT_PERMISSION: 'off', PROTECT_OBSERVE: 'notify', ...env },
    });
    const c = new CollectorProc(proc, proc.pid, `http://127.0.0.1:${port}`);
    await c.until(async () => (await c.get('/health').catch(() => null)) !== null, 60_000, 'the collector to answer /health');
    return c;
  }

  async get<T = unknown>(p: string): Promise<T> {
    const res = await fetch(`${this.base}${p}`, { signal: AbortSignal.timeout(10_000) }).catch(async (e: Error) => {
      // A reset connection is usually a collector that died: give its exit a moment to be seen.
      await new Promise((r) => setTimeout(r, 500));
      throw new Error(`${p}: ${e.message}${this.died()}`);
    });
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
   * Polls the handled-event counter from `since` (the workload's start, or the SIGCONT of a
   * backlog) until it stops moving for `idleMs`; returns the events handled and the seconds from
   * `since` to the answer that first showed the final count. Times are taken when an answer
   * arrives: while the collector works through a burst its event loop answers late, and a time
   * taken before asking would credit it with work done after.
   */
  async handled(
    counter: string,
    before: number,
    since: number,
    idleMs: number,
    timeoutMs: number,
  ): Promise<{ events: number; seconds: number; blockMs: number; slowestProbeMs: number; atEnd: Record<string, number> }> {
    const end = Date.now() + timeoutMs;
    let seen = before;
    let changedAt = 0;
    /** The counters in the answer that first showed the final count (what ran within the timed span). */
    let atEnd: Record<string, number> = {};
    // The collector's own figure (eventloop.blockRecentMs, the last 1–2 s) and, as a cross-check, how late /probe answered.
    let blockMs = 0;
    let slowestProbeMs = 0;
    for (;;) {
      const asked = performance.now();
      const counters = (await this.probe()).counters;
      const value = counters[counter] ?? 0;
      const at = performance.now();
      blockMs = Math.max(blockMs, counters['eventloop.blockRecentMs'] ?? 0);
      slowestProbeMs = Math.max(slowestProbeMs, at - asked);
      if (value !== seen) {
        seen = value;
        changedAt = at;
        atEnd = counters;
      } else if (changedAt > 0 && at - changedAt > idleMs) break;
      if (Date.now() > end) throw new Error(`collector still busy after ${timeoutMs} ms (${counter}=${seen})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { events: seen - before, seconds: (changedAt - since) / 1000, blockMs, slowestProbeMs, atEnd };
  }

  /**
   * Waits until the collector has no deferred work left: nothing pending in the coalescing window
   * (`nFileEvents`), no hash queued, no kernel buffer waiting in the reader, no raw event waiting
   * for delivery (/metrics: open batch, memory and spool), and the counters of that work (events,
   * paths classified or requeued, files hashed, events sent) unchanged for `idleMs`. The event
   * counter alone goes still seconds before the last pass (an lstat and a classification per
   * coalesced path) and the delivery of its reports are done. Returns how long it waited and what was
   * still busy when it started; throws naming what was still busy after `timeoutMs`.
   */
  async idle(idleMs: number, timeoutMs: number): Promise<{ waitedMs: number; busyAtStart: string }> {
    const t0 = performance.now();
    let last = '';
    let stillSince = t0;
    let busyAtStart: string | null = null;
    for (;;) {
      const [probe, metrics] = await Promise.all([this.probe(), this.text('/metrics')]);
      const c = probe.counters;
      const queued = sumMetric(metrics, 'fsmon_collector_delivery_queued_events');
      const busy = Object.entries({ pending: probe.nFileEvents, hashQueued: c['hash.queued'] ?? 0, readerBuffers: c['reader.queuedBuffers'] ?? 0, deliveryQueued: queued })
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const moving = ['events.fanotify', 'pass.classified', 'pass.requeued', 'hash.hashed'].map((k) => c[k] ?? 0).join(',') + `,${sumMetric(metrics, 'fsmon_collector_delivery_events_sent_total')}`;
      const at = performance.now();
      busyAtStart ??= busy === '' ? 'none' : busy;
      if (busy !== '' || moving !== last) {
        last = moving;
        stillSince = at;
      } else if (at - stillSince >= idleMs) return { waitedMs: at - t0, busyAtStart };
      if (at - t0 > timeoutMs) throw new Error(`collector not idle after ${timeoutMs} ms (${busy === '' ? 'counters still moving' : busy})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Waits for the next pass of the collector's timer to start (`pass.runs` moves); returns how long
   * that took. A run started then has a whole window before the next pass.
   */
  async nextPass(timeoutMs: number): Promise<number> {
    const t0 = performance.now();
    const runs = (await this.probe()).counters['pass.runs'] ?? 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 10));
      if (((await this.probe()).counters['pass.runs'] ?? 0) !== runs) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs) throw new Error(`no pass started within ${timeoutMs} ms (pass.runs=${runs})`);
    }
  }

  private async text(p: string): Promise<string> {
    const res = await fetch(`${this.base}${p}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}${this.died()}`);
    return res.text();
  }

  /** ' (collector exited …: <its last words>)' once it has exited, else ''. */
  private died(): string {
    const code = this.proc.exited();
    if (code === null) return '';
    const out = this.proc.output().trim().split('\n').slice(-5).join('\n');
    return ` (collector exited ${code}: ${this.proc.errors().trim()}\n${out})`;
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

/** Sum of every sample of `name` in a Prometheus text exposition (all label sets). */
function sumMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === '{' || line[name.length] === ' ')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
