import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedRedisOptions {
  /** Loopback port; default a free one chosen by the kernel (retried if taken meanwhile). */
  port?: number;
  /** Data, pid and log directory; default a fresh temporary directory, removed when this process exits. */
  dir?: string;
  /** AOF persistence, so data survives restart(); default false (nothing is ever written). */
  appendonly?: boolean;
  /** Bound on the wait until the server answers; default 10 s. */
  startTimeoutMs?: number;
  /** The server binary (looked up on PATH); default `redis-server`. */
  binary?: string;
}

/** A private redis-server on 127.0.0.1. */
export interface EmbeddedRedis {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** pid of the running server (changes on restart). */
  readonly pid: number;
  /** Data, pid file (`redis-PORT.pid`) and log (`redis-PORT.log`). */
  readonly dir: string;
  /** SIGTERM, then SIGKILL after 5 s; idempotent. The directory stays, so restart() can follow. */
  stop(): Promise<void>;
  /** (Re)starts the server, stopping it first if running, on the same port and directory. */
  restart(): Promise<void>;
}

export type EmbeddedRedisErrorCode = 'REDIS_SERVER_MISSING' | 'REDIS_START_FAILED';

export class EmbeddedRedisError extends Error {
  constructor(
    readonly code: EmbeddedRedisErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedRedisError';
  }
}

/**
 * Starts a real `redis-server` (Debian package redis-server) as a non-daemonized child, bound to
 * loopback, without RDB snapshots, and resolves once it answers (checked by its own pid).
 *
 * Cleanup guarantees: stop() ends it; so does a normal exit of this process (an `exit` hook, which
 * also removes the temporary directory). When util-linux `setpriv` is available (Debian: always) the
 * server runs with a parent-death signal, so the kernel also ends it when this process dies any other
 * way (signal, crash, SIGKILL); only the small temporary directory is then left behind. Without
 * setpriv, SIGINT/SIGTERM/SIGHUP hooks end it instead, and a SIGKILLed parent leaves it running.
 */
export async function startEmbeddedRedis(opts: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const binary = opts.binary ?? 'redis-server';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new EmbeddedRedisError('REDIS_SERVER_MISSING', `${binary} not found (${probe.error.message}): install Debian package redis-server`);
  }
  const ownsDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fsmon-redis-'));
  const server = new RedisServerProcess(binary, dir, ownsDir, opts.appendonly ?? false, opts.startTimeoutMs ?? 10_000);
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freeLoopbackPort());
    try {
      await server.launch(port);
      return server;
    } catch (e) {
      const raced = opts.port === undefined && attempt < 5 && /Address already in use/.test(String(e));
      if (!raced) {
        server.removeDir();
        throw e;
      }
    }
  }
}

const live = new Set<RedisServerProcess>();
const owned = new Set<RedisServerProcess>();
let pdeathsig: boolean | undefined;
let hooksInstalled = false;

class RedisServerProcess implements EmbeddedRedis {
  port = 0;
  readonly dir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly binary: string,
    dir: string,
    private readonly ownsDir: boolean,
    private readonly appendonly: boolean,
    private readonly startTimeoutMs: number,
  ) {
    this.dir = dir;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  async launch(port: number): Promise<void> {
    pdeathsig ??= spawnSync('setpriv', ['--pdeathsig', 'TERM', '--', 'true']).status === 0;
    installExitHooks();
    owned.add(this);
    mkdirSync(this.dir, { recursive: true });
    this.port = port;
    const logfile = join(this.dir, `redis-${port}.log`);
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', this.appendonly ? 'yes' : 'no'];
    args.push('--pidfile', join(this.dir, `redis-${port}.pid`), '--logfile', logfile, '--dir', this.dir, '--daemonize', 'no');
    const [cmd, argv] = pdeathsig ? ['setpriv', ['--pdeathsig', 'TERM', '--', this.binary, ...args]] : [this.binary, args];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.once('error', (e) => (stderr += `spawn ${cmd}: ${e.message}\n`));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    live.add(this);
    child.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    const deadline = Date.now() + this.startTimeoutMs;
    while ((await answeringPid(port)) !== child.pid) {
      const failed = child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
      if (failed || Date.now() > deadline) {
        await this.stop();
        const log = existsSync(logfile) ? readFileSync(logfile, 'utf8').slice(-2000) : '';
        const why = failed ? `exited (${child.exitCode ?? child.signalCode})` : `not answering within ${this.startTimeoutMs} ms`;
        throw new EmbeddedRedisError('REDIS_START_FAILED', `redis-server on port ${port} ${why}:\n${stderr}${log}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch(this.port);
  }

  removeDir(): void {
    owned.delete(this);
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous best effort for exit hooks. */
  kill(): void {
    if (this.child?.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    live.delete(this);
  }

  async stop(): Promise<void> {
    const child = this.child;
    live.delete(this);
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await settles(this.exited, 5000))) {
      child.kill('SIGKILL');
      if (!(await settles(this.exited, 2000))) throw new Error(`redis-server pid ${child.pid} survived SIGKILL`);
    }
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => {
    for (const s of [...live]) s.kill();
    for (const s of [...owned]) s.removeDir();
  });
  if (pdeathsig) return;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const s of [...live]) s.kill();
      // Our listener replaced the default action; restore it unless the app handles the signal itself.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
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

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The pid of the server answering on the port, over raw RESP (this lib must not import a Redis
 * client): another server already on the port must not pass for ours. LOADING and errors: none.
 */
function answeringPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (pid: number | undefined) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(undefined), 500);
    sock.once('connect', () => sock.write('INFO server\r\n'));
    sock.on('data', (d) => {
      reply += d.toString();
      const header = /^\$(\d+)\r\n/.exec(reply);
      if (!header) return void (reply.includes('\r\n') && done(undefined));
      if (Buffer.byteLength(reply) < header[0].length + Number(header[1])) return;
      const pid = /process_id:(\d+)/.exec(reply);
      done(pid ? Number(pid[1]) : undefined);
    });
    sock.once('error', () => done(undefined));
  });
}
