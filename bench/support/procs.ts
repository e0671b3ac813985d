// Child processes of the benches: every one is tracked and killed on the way out (killAll), every
// wait is bounded, and a failure names the command with the end of what it wrote to stderr.
import { type ChildProcess, spawn } from 'node:child_process';

/** How much output a child keeps (the tail): enough for its result line and the end of its log. */
const KEEP_STDOUT = 1_000_000;
const KEEP_STDERR = 100_000;

const live = new Set<ChildProcess>();

export interface Proc {
  readonly pid: number;
  /** The first stdout line so far, or to come, that matches `re`. */
  line(re: RegExp, timeoutMs: number): Promise<string>;
  /** The stdout lines kept so far (the last one may be incomplete). */
  lines(): string[];
  /**
   * The first complete stdout line numbered `from` or later that matches `re`, with its number
   * (counted from the first line the child wrote, so `index + 1` is where to look next).
   */
  waitLine(re: RegExp, from: number, timeoutMs: number): Promise<{ line: string; index: number }>;
  send(text: string): void;
  /** Sends `sig` unless it has exited. */
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
  /** Pins it to this CPU (taskset). */
  readonly cpu?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Starts `cmd args` with piped stdio. */
export function start(cmd: string, args: readonly string[], options: StartOptions = {}): Proc {
  const [file, argv] = options.cpu === undefined ? [cmd, args] : ['taskset', ['-c', String(options.cpu), cmd, ...args]];
  const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  live.add(child);
  let out = '';
  /** Lines dropped from the front of `out` to keep it within KEEP_STDOUT. */
  let dropped = 0;
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.length <= KEEP_STDOUT) return;
    // Cut at a line start when there is one, so that line numbers stay exact.
    const nl = out.indexOf('\n', out.length - KEEP_STDOUT);
    const cut = nl >= 0 ? nl + 1 : out.length - KEEP_STDOUT;
    dropped += out.slice(0, cut).split('\n').length - 1;
    out = out.slice(cut);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-KEEP_STDERR)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  const shown = `${cmd} ${args.join(' ')}`;
  const what = (): string => `${shown.length > 300 ? `${shown.slice(0, 300)} …` : shown}: ${err.trim().slice(-800)}`;
  const bounded = async <T>(p: Promise<T>, ms: number, why: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${why} after ${ms} ms (${what()})`)), ms)));
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  };
  /** Polls `find` every `everyMs` until it returns a value, the child exits first, or time is up. */
  const poll = async <T>(find: () => T | undefined, re: RegExp, timeoutMs: number, everyMs: number): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (child.exitCode !== null) throw new Error(`exited before ${re} (${what()})`);
      if (Date.now() > end) throw new Error(`no ${re} after ${timeoutMs} ms (${what()})`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  return {
    pid: child.pid ?? -1,
    line: (re, timeoutMs) => poll(() => out.split('\n').find((l) => re.test(l)), re, timeoutMs, 5),
    lines: () => out.split('\n'),
    // Polled every millisecond: benches time what they see here.
    waitLine: (re, from, timeoutMs) =>
      poll(
        () => {
          const lines = out.split('\n');
          for (let i = Math.max(0, from - dropped); i < lines.length - 1; i++) if (re.test(lines[i])) return { line: lines[i], index: i + dropped };
          return undefined;
        },
        re,
        timeoutMs,
        1,
      ),
    send: (text) => void child.stdin.write(text),
    signal: (sig) => void (child.exitCode === null && child.signalCode === null && child.kill(sig)),
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
