// Child processes of the protect bench: tracked and killed on the way out, every wait bounded.
import { type ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

export interface Proc {
  readonly pid: number;
  /** The stdout lines so far (the last one may be incomplete). */
  lines(): string[];
  /** The first line at index >= `from` matching `re`, with its index. */
  waitLine(re: RegExp, from: number, timeoutMs: number): Promise<{ line: string; index: number }>;
  send(text: string): void;
  signal(sig: NodeJS.Signals): void;
  /** Waits for a clean exit (bounded) and parses the last stdout line as JSON. */
  json<T = Record<string, number>>(timeoutMs: number): Promise<T>;
}

/** Starts `cmd args`, pinned to `cpu` (taskset) when given. */
export function start(cmd: string, args: readonly string[], cpu?: number): Proc {
  const [file, argv] = cpu === undefined ? [cmd, args] : ['taskset', ['-c', String(cpu), cmd, ...args]];
  const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const what = (): string => `${cmd} ${args.join(' ')}: ${err.trim().slice(-500)}`;
  return {
    pid: child.pid ?? -1,
    lines: () => out.split('\n'),
    async waitLine(re, from, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const lines = out.split('\n');
        for (let i = from; i < lines.length - 1; i++) if (re.test(lines[i])) return { line: lines[i], index: i };
        if (child.exitCode !== null) throw new Error(`exited before ${re} (${what()})`);
        if (Date.now() > end) throw new Error(`no ${re} after ${timeoutMs} ms (${what()})`);
        await new Promise((r) => setTimeout(r, 1));
      }
    },
    send(text) {
      child.stdin.write(text);
    },
    signal(sig) {
      child.kill(sig);
    },
    async json<T>(timeoutMs: number) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no exit after ${timeoutMs} ms (${what()})`)), timeoutMs)));
      const code = await Promise.race([exited, late]).finally(() => clearTimeout(timer));
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) throw new Error(`exit ${code}, output ${JSON.stringify(last)} (${what()})`);
      return JSON.parse(last) as T;
    },
  };
}

/** Kills whatever is still running (bench end, error or signal). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
