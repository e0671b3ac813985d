import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { APP_NODE_FLAGS } from '@fsmon/config';
import { withoutInheritedFds } from '@fsmon/embedded';

const ROOT = path.resolve(__dirname, '../../../..');

export interface AppSpec {
  /** Also picks its node flags (APP_NODE_FLAGS). */
  name: keyof typeof APP_NODE_FLAGS;
  port: number;
  env: Record<string, string>;
}

let pdeathsig: boolean | undefined;

/** Whether util-linux's setpriv can give a child a parent-death signal (checked once). */
function hasPdeathsig(): boolean {
  pdeathsig ??= spawnSync('setpriv', ['--pdeathsig', 'TERM', '--', 'true']).status === 0;
  return pdeathsig;
}

/**
 * One fsmon app running as a child process from the compiled tree, its JSON logs appended to a
 * file it writes itself (no pipe through the main job, which may go first). With setpriv the app
 * gets SIGTERM when the main job dies, however it dies: no orphaned collector keeps its marks.
 * It inherits no descriptor but its stdio: the main job may host the embedded broker, whose
 * accepted connections would otherwise stay open in every app (see withoutInheritedFds).
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  readonly logFile: string;

  constructor(
    readonly spec: AppSpec,
    logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.logFile = path.join(logDir, `${spec.name}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const main = path.join(ROOT, 'dist/apps', this.spec.name, 'src/main.js');
    const node = [process.execPath, ...APP_NODE_FLAGS[this.spec.name], '-r', path.join(ROOT, 'tools/register-dist-paths.js'), main];
    const line = hasPdeathsig() ? ['setpriv', '--pdeathsig', 'TERM', '--', ...node] : node;
    const [cmd, args] = withoutInheritedFds(line[0], line.slice(1));
    const log = openSync(this.logFile, 'a');
    writeSync(log, `\n=== ${this.spec.name} starting at ${new Date().toISOString()}\n`);
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...this.spec.env, HTTP_PORT: String(this.spec.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls /health until 200, the process exits, or the deadline passes. */
  async waitHealthy(deadline: number): Promise<'healthy' | 'exited' | 'timeout'> {
    while (Date.now() < deadline) {
      if (!this.running) return 'exited';
      try {
        const res = await fetch(`http://127.0.0.1:${this.spec.port}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return 'healthy';
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return 'timeout';
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; true when it exited by itself. */
  async stop(graceMs = 10_000): Promise<boolean> {
    if (!this.child || !this.exited || !this.running) return true;
    this.child.kill('SIGTERM');
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      this.child?.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
    return !forced;
  }

  /** SIGKILL now (a second Ctrl-C). */
  kill(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }
}
