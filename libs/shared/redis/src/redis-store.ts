import type { RedisKeys } from './redis-keys';
import type { RedisScript } from './redis-script';

/** connecting: first connection pending; reconnecting: lost, retrying with backoff; closed: quit(). */
export type RedisConnectionState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

export interface RedisConnectionStatus {
  state: RedisConnectionState;
  /** Times the connection became ready (1 after the first connect; +1 per recovery). */
  connects: number;
  /** Commands refused with RedisUnavailableError since creation. */
  unavailable: number;
  lastError?: string;
}

export type RedisReply = string | number | null | RedisReply[];

/** One write of an atomic commit. Validated before anything is sent. */
export type RedisWrite =
  | { op: 'set'; key: string; value: string; ttlMs?: number }
  | { op: 'del'; key: string }
  | { op: 'hset'; key: string; fields: Readonly<Record<string, string>> }
  | { op: 'hdel'; key: string; fields: readonly string[] }
  | { op: 'incrby'; key: string; by: number }
  | { op: 'sadd'; key: string; members: readonly string[] }
  | { op: 'srem'; key: string; members: readonly string[] }
  | { op: 'xadd'; key: string; fields: Readonly<Record<string, string>>; maxLen?: number };

/** A version: a string key (GET) or one hash field (HGET). Absent reads as null. */
export interface VersionRef {
  key: string;
  field?: string;
}

/** The commit only happens if the version still equals `equals` (null: still absent). */
export interface VersionGuard extends VersionRef {
  equals: string | null;
}

/** What an optimistic transaction's decide() returns: the writes to commit and a value to hand back. */
export interface OptimisticPlan<T> {
  writes: readonly RedisWrite[];
  value: T;
}

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

export interface StreamRange {
  /** xrange: default `-`; xrevrange: default `+`. Exclusive with a `(` prefix. */
  start?: string;
  /** xrange: default `+`; xrevrange: default `-`. */
  end?: string;
  count?: number;
}

/**
 * fsmon's whole view of Redis. Every key must start with the store's prefix (else RedisUsageError).
 * While disconnected, every command fails at once with RedisUnavailableError (no offline queue);
 * the connection recovers by itself with backoff. Redis-side rejections are RedisCommandError.
 */
export interface RedisStore {
  /** The key builder for this store's prefix. */
  readonly keys: RedisKeys;
  status(): RedisConnectionStatus;
  /** Called on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: RedisConnectionState) => void): () => void;
  /** Resolves when ready; RedisUnavailableError after timeoutMs. */
  ready(timeoutMs: number): Promise<void>;
  /** Round-trip time in ms. */
  ping(): Promise<number>;

  get(key: string): Promise<string | null>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** false when `ifAbsent` and the key existed. */
  set(key: string, value: string, opts?: { ttlMs?: number; ifAbsent?: boolean }): Promise<boolean>;
  /** Number of keys removed. */
  del(...keys: string[]): Promise<number>;
  incrBy(key: string, by: number): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<number>;
  hdel(key: string, fields: readonly string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;

  /** Appends an entry; `maxLen` trims approximately (`MAXLEN ~`). Returns the entry id. */
  xadd(key: string, fields: Readonly<Record<string, string>>, opts?: { maxLen?: number }): Promise<string>;
  xrange(key: string, range?: StreamRange): Promise<StreamEntry[]>;
  xrevrange(key: string, range?: StreamRange): Promise<StreamEntry[]>;
  xlen(key: string): Promise<number>;

  /** Runs a Lua script (EVALSHA, loading it on NOSCRIPT). Keys are prefix-checked; args are not. */
  eval(script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<RedisReply>;
  /**
   * Applies all writes atomically, in order, if every guard still holds; one reply per write, or
   * 'conflict' with nothing written. Writes that would fail (wrong type, non-integer INCRBY) are
   * refused before any is applied (RedisCommandError), so a commit never lands half-way.
   */
  commit(writes: readonly RedisWrite[], guards?: readonly VersionGuard[]): Promise<RedisReply[] | 'conflict'>;
  /**
   * Optimistic transaction: reads the versions (one atomic snapshot), lets decide() compute the
   * writes, commits them guarded by the versions read. On a concurrent change it re-reads and
   * re-decides, up to `attempts` times in all (default 1), then returns 'conflict'. decide() may
   * return no writes (e.g. an If-Match mismatch): nothing is sent and its value is returned.
   */
  optimistic<T>(
    versions: readonly VersionRef[],
    decide: (current: (string | null)[]) => OptimisticPlan<T> | Promise<OptimisticPlan<T>>,
    opts?: { attempts?: number },
  ): Promise<{ value: T; replies: RedisReply[] } | 'conflict'>;

  /** Graceful QUIT (or disconnect when not connected); stops reconnecting. Idempotent. */
  quit(): Promise<void>;
}
