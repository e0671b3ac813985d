import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * The CLI's sources run in plain Node (bench/register-ts.js transpiles them on load): the same
 * `main()` that the `fsmon` bin calls in the compiled tree, without a build step in the test.
 */
const CLI_ARGV = ['-r', path.join(REPO_ROOT, 'bench/register-ts.js'), path.join(REPO_ROOT, 'apps/cli/src/main.ts')];

/** Transpiling on start can take several seconds on a busy 2-core host: a bound, not an expectation. */
export const CLI_RUN_MS = 60_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A running `fsmon` process: its output so far, a wait for a line, and its end. The child gets only
 * PATH, HOME and `env` (so no FSMON_* of the machine leaks in), and dies with the test runner
 * (setpriv --pdeathsig).
 */
export class CliProcess {
  private readonly child: ChildProcess;
  private out = '';
  private err = '';
  readonly done: Promise<CliResult>;

  constructor(args: readonly string[], env: Record<string, string>) {
    this.child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', process.execPath, ...CLI_ARGV, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.err += d.toString()));
    this.done = new Promise((resolve) =>
      this.child.once('close', (code, signal) => resolve({ code, signal, stdout: this.out, stderr: this.err })),
    );
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once stderr matches `re`; rejects if the process ends first or after `timeoutMs`. */
  async waitForStderr(re: RegExp, timeoutMs = CLI_RUN_MS): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!re.test(this.err)) {
      if (!this.running) throw new Error(`fsmon exited before stderr matched ${re}:\n${this.err}${this.out}`);
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${re} on fsmon's stderr:\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The result; SIGKILL (and a rejection naming the output) when it has not ended within `timeoutMs`. */
  async result(timeoutMs = CLI_RUN_MS): Promise<CliResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const r = await Promise.race([this.done, timedOut]);
      if (r !== 'timeout') return r;
      this.kill('SIGKILL');
      const killed = await this.done;
      throw new Error(`fsmon did not exit within ${timeoutMs} ms:\nstdout: ${killed.stdout}\nstderr: ${killed.stderr}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the read end of its stdout, as `| head -1` does once it has its line. */
  closeStdout(): void {
    this.child.stdout?.destroy();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.running) this.child.kill(signal);
  }
}

/** Runs one `fsmon` command to its end (bounded). */
export function runFsmon(args: readonly string[], env: Record<string, string>, timeoutMs = CLI_RUN_MS): Promise<CliResult> {
  return new CliProcess(args, env).result(timeoutMs);
}
