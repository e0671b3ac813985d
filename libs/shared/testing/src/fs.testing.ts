import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A private temporary directory; `remove()` deletes it and everything in it. */
export interface TmpDir {
  readonly path: string;
  /** Writes `content` to `name` (parent directories created) and returns the absolute path. */
  file(name: string, content?: string): string;
  /** Creates directory `name` (and parents) and returns the absolute path. */
  dir(name: string): string;
  remove(): void;
}

export function makeTmpDir(prefix = 'fsmon-test-'): TmpDir {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    path: root,
    file(name, content = '') {
      const p = path.join(root, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      return p;
    },
    dir(name) {
      const p = path.join(root, name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Polls `predicate` until it holds; rejects with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, message: string, timeoutMs = 5000, intervalMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls `check` every `intervalMs` until it returns a value (not undefined), and resolves with it;
 * rejects after `timeoutMs`, naming `what` it waited for (a function: worded when it times out,
 * so that it can tell the state it ended in).
 */
export async function waitUntil<T>(what: string | (() => string), check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A child process with its output collected as it comes. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the killing signal's name); rejects after `timeoutMs`, killing the child. */
  exited(timeoutMs: number): Promise<number | string>;
  /** Resolves once stdout has a line matching `re`; rejects after `timeoutMs` or if the child exits first. */
  line(re: RegExp, timeoutMs: number): Promise<string>;
  write(text: string): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Starts `cmd` (never through a shell) with piped stdio. */
export function startProcess(cmd: string, args: readonly string[], options: StartOptions = {}): Child {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const describe = (): string => `${cmd} ${args.join(' ')} (stdout: ${out.slice(-2000)}; stderr: ${err.slice(-2000)})`;
  return {
    process: child,
    pid: child.pid ?? -1,
    stdout: () => out,
    stderr: () => err,
    async exited(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`timed out after ${timeoutMs} ms waiting for exit of ${describe()}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([done, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async line(re, timeoutMs) {
      const end = Date.now() + timeoutMs;
      let exited = false;
      void done.then(() => (exited = true));
      for (;;) {
        const hit = out.split('\n').find((l) => re.test(l));
        if (hit !== undefined) return hit;
        if (exited) throw new Error(`exited before printing ${re}: ${describe()}`);
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${re} from ${describe()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    write(text) {
      child.stdin.write(text);
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Runs `cmd` to completion (bounded) and returns its exit code and output. */
export async function runProcess(
  cmd: string,
  args: readonly string[],
  timeoutMs = 10_000,
  options: StartOptions = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = startProcess(cmd, args, options);
  child.process.stdin?.end();
  const code = await child.exited(timeoutMs);
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

const REPO_ROOT = path.resolve(__dirname, '../../../..');

// Transpiles .ts on require and resolves the @fsmon/* aliases, so a child `node` runs TS fixtures.
const TS_REGISTER = `
const fs = require('node:fs'), path = require('node:path');
const root = ${JSON.stringify(REPO_ROOT)};
const ts = require(require.resolve('typescript', { paths: [root] }));
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
require(require.resolve('tsconfig-paths', { paths: [root] })).register({ baseUrl: root, paths: compilerOptions.paths });
const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), { compilerOptions: options, fileName: f }).outputText, f);
const script = path.resolve(process.argv[1]);
process.argv.splice(1, 1, script);
require(script);
`;

/** `node` arguments that run the TypeScript file `script` (with `args`) in a child process. */
export function tsNodeArgs(script: string, args: readonly string[] = []): string[] {
  return ['-e', TS_REGISTER, script, ...args];
}
