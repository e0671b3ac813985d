import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { MonitorMessage } from '@fsmon/contracts';
import { metricSample } from './metric-sample';

const ROOT = path.resolve(__dirname, '../../../..');

interface HealthBody {
  info?: { aggregator?: { partitions?: number[]; consumer?: string } };
  error?: { aggregator?: { partitions?: number[]; consumer?: string } };
}

/**
 * The aggregator app (apps/aggregator/src/main.ts) as a child process, run from its TypeScript
 * sources through bench/register-ts.js, so `kill -9` is a real crash. Output is kept for errors.
 */
export class AggregatorProcess {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly port: number,
    env: Record<string, string>,
    /** Node flags before the script (the bench passes APP_NODE_FLAGS.aggregator). */
    nodeFlags: readonly string[] = [],
    /** The source tree to run (another checkout for an A/B bench); this one by default. */
    root = ROOT,
  ) {
    this.child = spawn(process.execPath, [...nodeFlags, '-r', path.join(root, 'bench/register-ts.js'), path.join(root, 'apps/aggregator/src/main.ts')], {
      cwd: root,
      env: { ...process.env, ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), KAFKA_CLIENT_ID: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process wrote (for failure messages). */
  log(lines = 30): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }

  /** The raw-event partitions it holds per its /health, or undefined while it does not answer. */
  async partitions(): Promise<number[] | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as HealthBody;
      if (res.status !== 200) return undefined;
      return (body.info ?? body.error)?.aggregator?.partitions;
    } catch {
      return undefined;
    }
  }

  /** The reports it published (its /reports buffer). */
  async reports(): Promise<MonitorMessage[]> {
    const res = await fetch(`http://127.0.0.1:${this.port}/reports?limit=100000`, { signal: AbortSignal.timeout(2000) });
    return ((await res.json()) as { reports: MonitorMessage[] }).reports;
  }

  /** Its /metrics page (Prometheus text). */
  async metricsText(): Promise<string> {
    return (await fetch(`http://127.0.0.1:${this.port}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
  }

  /** The first sample of metric `name` (NaN when absent). */
  async metric(name: string): Promise<number> {
    return metricSample(await this.metricsText(), name) ?? NaN;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  async stop(graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}
