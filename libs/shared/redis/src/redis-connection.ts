import { Redis } from 'ioredis';
import { RedisCommandError, RedisUnavailableError, RedisUsageError } from './redis.errors';
import type { RedisConnectionState, RedisConnectionStatus } from './redis-store';

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  url: string;
  /** Bound on establishing a connection; default 2000 ms. */
  connectTimeoutMs?: number;
  /** Bound on any command's reply (a stalled server counts as unavailable); default 2000 ms. */
  commandTimeoutMs?: number;
  /** Reconnect backoff: initial delay doubling up to max, plus jitter; default 50 → 2000 ms. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** CLIENT SETNAME, shown by CLIENT LIST; default `fsmon`. */
  connectionName?: string;
}

// Server replies that mean "not now" rather than "never": the caller should answer 503 and retry.
const TRANSIENT = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|MISCONF|READONLY|OOM|NOREPLICAS|CLUSTERDOWN)\b/;

/**
 * One ioredis connection that fails fast: no offline queue, in-flight commands rejected when the
 * socket drops (never resent: a write might run twice), and reconnection forever with backoff.
 */
export class RedisConnection {
  readonly client: Redis;
  private connects = 0;
  private unavailable = 0;
  private lastError: string | undefined;
  private closed = false;
  private lastState: RedisConnectionState = 'connecting';
  private readonly listeners = new Set<(state: RedisConnectionState) => void>();

  constructor(opts: RedisConnectionOptions) {
    const initial = opts.reconnectInitialMs ?? 50;
    const max = opts.reconnectMaxMs ?? 2000;
    this.client = new Redis(opts.url, {
      connectTimeout: opts.connectTimeoutMs ?? 2000,
      commandTimeout: opts.commandTimeoutMs ?? 2000,
      connectionName: opts.connectionName ?? 'fsmon',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times) => Math.min(initial * 2 ** Math.min(times - 1, 20), max) + Math.floor(Math.random() * initial),
    });
    this.client.on('error', (e: Error) => (this.lastError = e.message));
    this.client.on('ready', () => this.connects++);
    for (const event of ['connecting', 'connect', 'ready', 'close', 'reconnecting', 'end']) this.client.on(event, () => this.notify());
  }

  get state(): RedisConnectionState {
    if (this.closed || this.client.status === 'end') return 'closed';
    if (this.client.status === 'ready') return 'ready';
    return this.connects === 0 ? 'connecting' : 'reconnecting';
  }

  status(): RedisConnectionStatus {
    return { state: this.state, connects: this.connects, unavailable: this.unavailable, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  onStateChange(listener: (state: RedisConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a command only when ready, and maps every failure to a typed error. */
  async run<T>(command: string, send: (client: Redis) => Promise<T>): Promise<T> {
    const state = this.state;
    if (state !== 'ready') throw this.refuse(new RedisUnavailableError(state, `Redis is ${state}: ${command} not sent`));
    try {
      return await send(this.client);
    } catch (e) {
      throw this.translate(command, e);
    }
  }

  ready(timeoutMs: number): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new RedisUnavailableError('closed', 'Redis client is closed (quit)'));
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        off();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new RedisUnavailableError(this.state, `Redis not ready within ${timeoutMs} ms (${this.lastError ?? this.state})`)), timeoutMs);
      const off = this.onStateChange((state) => {
        if (state === 'ready') done();
        else if (state === 'closed') done(new RedisUnavailableError(state, 'Redis client closed while waiting for ready'));
      });
    });
  }

  async quit(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
    this.notify();
  }

  private notify(): void {
    const state = this.state;
    if (state === this.lastState) return;
    this.lastState = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  private translate(command: string, e: unknown): Error {
    if (e instanceof RedisUsageError || e instanceof RedisCommandError || e instanceof RedisUnavailableError) return e;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error && e.name === 'ReplyError' && !TRANSIENT.test(message)) return new RedisCommandError(command, message, { cause: e });
    return this.refuse(new RedisUnavailableError(this.state, `${command}: ${message}`, { cause: e }));
  }

  private refuse(e: RedisUnavailableError): RedisUnavailableError {
    this.unavailable++;
    return e;
  }
}
