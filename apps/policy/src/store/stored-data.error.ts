/** A stored value that fails its schema: corrupted or written by an incompatible version (HTTP 500). */
export class StoredDataError extends Error {
  readonly code = 'STORED_DATA_INVALID';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`stored value at ${key} is invalid: ${detail}`);
    this.name = 'StoredDataError';
  }
}

/** Optimistic retries ran out under concurrent writers (HTTP 409, safe to retry). */
export class ConcurrentUpdateError extends Error {
  readonly code = 'CONCURRENT_UPDATE';
  constructor(attempts: number) {
    super(`the policy changed concurrently ${attempts} times in a row; retry the request`);
    this.name = 'ConcurrentUpdateError';
  }
}
