import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

export interface AppSpec {
  name: string;
  port: number;
  env: Record<string, string>;
}

/** One fsmon app running as a child process from the compiled tree, its JSON logs in a file. */
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

  start(): void {
    const main = path.join(ROOT, 'dist/apps', this.spec.name, 'src/main.js');
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools/register-dist-paths.js'), main], {
      cwd: ROOT,
      env: { ...process.env, ...this.spec.env, HTTP_PORT: String(this.spec.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
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

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.child || !this.exited || !this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
