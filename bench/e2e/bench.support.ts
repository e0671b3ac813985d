// Small helpers of the e2e bench: tracked child processes (killed on the way out), file sets,
// percentiles, RSS from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const live = new Set<ChildProcess>();

export interface Proc {
  line(re: RegExp, timeoutMs: number): Promise<void>;
  /** Waits for exit (bounded) and parses the last stdout line as JSON (exit 0 required). */
  json<T = Record<string, number>>(timeoutMs: number): Promise<T>;
}

export function spawnLogged(cmd: string, args: readonly string[]): Proc {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-100_000)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, sig) => (live.delete(child), resolve(code ?? sig ?? -1))));
  const what = () => `${cmd} ${args.slice(0, 6).join(' ')}: ${err.trim().slice(-500)}`;
  return {
    async line(re, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!out.split('\n').some((l) => re.test(l))) {
        if (child.exitCode !== null) throw new Error(`exited before ${re} (${what()})`);
        if (Date.now() > end) throw new Error(`no ${re} after ${timeoutMs} ms (${what()})`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async json<T>(timeoutMs: number) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) throw new Error(`exit ${code}, output ${JSON.stringify(last)} (${what()})`);
      return JSON.parse(last) as T;
    },
  };
}

export function runJson<T = Record<string, number>>(cmd: string, args: readonly string[], timeoutMs: number): Promise<T> {
  return spawnLogged(cmd, args).json<T>(timeoutMs);
}

export function stopAll(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** `count` small files `<dir>/f0..f<count-1>`. */
export function fileSetIn(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${i}`), 'hello\n');
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Resident set size now and its peak, MB. */
export function rssOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}
