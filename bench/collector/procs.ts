// Child processes of the bench: every one tracked and killed on the way out, every wait bounded.
import { type ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

export interface Proc {
  readonly pid: number;
  line(re: RegExp, timeoutMs: number): Promise<string>;
  send(text: string): void;
  signal(sig: NodeJS.Signals): void;
  /** Waits for exit (bounded); resolves with the exit code or signal. */
  exit(timeoutMs: number): Promise<number | string>;
  /** Waits for exit (bounded) and parses the last stdout line as JSON (exit code 0 required). */
  json<T = Record<string, number>>(timeoutMs: number): Promise<T>;
  output(): string;
  /** The end of what it wrote to stderr. */
  errors(): string;
  /** Exit code or signal, null while running. */
  exited(): number | string | null;
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export function start(cmd: string, args: readonly string[], options: StartOptions = {}): Proc {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-1_000_000)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-100_000)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  const what = (): string => `${cmd} ${args.slice(0, 6).join(' ')}: ${err.trim().slice(-800)}`;
  const bounded = <T>(p: Promise<T>, ms: number, why: string): Promise<T> =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${why} after ${ms} ms (${what()})`)), ms).unref())]);
  return {
    pid: child.pid ?? -1,
    async line(re, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!out.split('\n').some((l) => re.test(l))) {
        if (child.exitCode !== null) throw new Error(`exited before ${re} (${what()})`);
        if (Date.now() > end) throw new Error(`no ${re} after ${timeoutMs} ms (${what()})`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return out.split('\n').find((l) => re.test(l)) ?? '';
    },
    send: (text) => void child.stdin.write(text),
    signal: (sig) => void (child.exitCode === null && child.kill(sig)),
    exit: (timeoutMs) => bounded(exited, timeoutMs, 'no exit'),
    async json<T>(timeoutMs: number) {
      const code = await bounded(exited, timeoutMs, 'no exit');
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) throw new Error(`exit ${code}, output ${JSON.stringify(last)} (${what()})`);
      return JSON.parse(last) as T;
    },
    output: () => out,
    errors: () => err.slice(-4000),
    exited: () => child.exitCode ?? child.signalCode ?? null,
  };
}

/** Kills whatever is still running (bench end, error or signal). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
