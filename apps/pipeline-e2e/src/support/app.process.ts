import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APP_NODE_FLAGS } from '@fsmon/config';
import { withoutInheritedFds } from '@fsmon/embedded';
import { type AppBuild, REPO_ROOT } from './app.build';

export type AppName = 'policy' | 'aggregator' | 'collector';

/**
 * One fsmon app as a separate Node process running its compiled main.js (see buildApps), as the
 * main job starts it, its JSON log in `<logDir>/<name>.log`. The child gets only PATH, HOME and the
 * given variables, and a parent-death signal (setpriv): a crashed test run leaves no app behind.
 * It inherits no descriptor but its stdio: this process hosts the embedded broker, whose accepted
 * connections would otherwise stay open in every app (see withoutInheritedFds).
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private starts = 0;
  readonly logFile: string;

  constructor(
    readonly name: AppName,
    readonly port: number,
    private env: Record<string, string>,
    logDir: string,
    private readonly build: AppBuild,
  ) {
    this.logFile = path.join(logDir, `${name}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Replaces some variables for the next start. */
  setEnv(over: Record<string, string>): void {
    this.env = { ...this.env, ...over };
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    this.starts++;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n=== start #${this.starts} at ${new Date().toISOString()}\n`);
    const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? '/root', ...this.env, HTTP_PORT: String(this.port) };
    const [cmd, args] = withoutInheritedFds('setpriv', ['--pdeathsig', 'KILL', '--', process.execPath, ...APP_NODE_FLAGS[this.name], '-r', this.build.register, this.build.main(this.name)]);
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
  }

  /** Polls GET /health until 200; rejects naming the app and its last log lines on exit or timeout. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < end) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child?.exitCode ?? this.child?.signalCode}) before it was healthy:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
        last = `${res.status} ${(await res.text()).slice(0, 500)}`;
      } catch (e) {
        last = (e as Error).message;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} not healthy after ${timeoutMs} ms (last: ${last}):\n${this.logTail()}`);
  }

  /** SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone (bounded). */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    if (await settles(this.exited, graceMs)) return;
    await this.kill();
  }

  /** SIGKILL now (a crash): nothing is flushed. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    if (!(await settles(this.exited, 5000))) throw new Error(`${this.name} pid ${this.pid} survived SIGKILL for 5 s`);
  }

  /** The last `lines` lines of the app's log. */
  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function settles(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
