import type { RedisConnectionState } from './redis-store';

/**
 * Redis cannot be reached (not connected, connection lost mid-command, timed out) or says it is
 * temporarily unable to serve (LOADING, BUSY, READONLY, MISCONF, OOM…). Nothing was confirmed
 * written; a command lost mid-flight may or may not have run. Maps to HTTP 503.
 */
export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';
  constructor(
    readonly state: RedisConnectionState,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** Redis rejected the command itself (wrong type, bad script, …): a bug or bad data, not an outage. */
export class RedisCommandError extends Error {
  readonly code = 'REDIS_COMMAND_FAILED';
  constructor(
    readonly command: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${command}: ${message}`, options);
    this.name = 'RedisCommandError';
  }
}

/** A key (or argument) the store refuses before sending anything: outside its prefix, or malformed. */
export class RedisUsageError extends Error {
  readonly code = 'REDIS_BAD_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'RedisUsageError';
  }
}
