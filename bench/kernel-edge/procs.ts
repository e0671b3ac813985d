// Child processes of the bench: every one is tracked and killed on the way out, every wait bounded.
import { type ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

export interface Proc {
  line(re: RegExp, timeoutMs: number): Promise<string>;
  send(text: string): void;
  signal(sig: NodeJS.Signals): void;
  /** Waits for exit (bounded) and parses the last stdout line as JSON. */
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
  const bounded = <T>(p: Promise<T>, ms: number, why: string): Promise<T> =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${why} after ${ms} ms (${what()})`)), ms).unref())]);
  return {
    async line(re, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!out.split('\n').some((l) => re.test(l))) {
        if (child.exitCode !== null) throw new Error(`exited before ${re} (${what()})`);
        if (Date.now() > end) throw new Error(`no ${re} after ${timeoutMs} ms (${what()})`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return out.split('\n').find((l) => re.test(l)) ?? '';
    },
    send(text) {
      child.stdin.write(text);
    },
    signal(sig) {
      child.kill(sig);
    },
    async json<T>(timeoutMs: number) {
      const code = await bounded(exited, timeoutMs, 'no exit');
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
