import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.process';

/** main.ts is transpiled on start; on a busy 2-core host that can take tens of seconds (a bound). */
const BOOT_MS = 120_000;

/**
 * apps/policy/src/main.ts as its own process, as the main job starts it (the CLI may not import
 * another app, and a process is what the CLI meets in use). Dies with the test runner.
 */
export class PolicyProcess {
  private readonly child: ChildProcess;
  private log = '';
  private readonly exited: Promise<void>;

  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', process.execPath, '-r', path.join(REPO_ROOT, 'bench/register-ts.js'), path.join(REPO_ROOT, 'apps/policy/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', ...env, HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Polls /health until 200; rejects with the log on exit or after the boot bound. */
  async waitHealthy(timeoutMs = BOOT_MS): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`policy exited before it was healthy:\n${this.log.slice(-4000)}`);
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (res?.status === 200) return;
      if (Date.now() > end) throw new Error(`policy not healthy after ${timeoutMs} ms:\n${this.log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const gone = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(timer);
    if (!gone) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** The admin API as a test reads it back (plain fetch: the CLI is what is under test). */
  async get<T>(token: string, pathName: string): Promise<T> {
    const res = await fetch(`${this.url}${pathName}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`GET ${pathName}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}
