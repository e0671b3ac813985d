/**
 * Why a collector input could not be understood. The codes are stable: callers count and log
 * them, and tests assert on them.
 */
export type CollectorDomainErrorCode =
  | 'MONITOR_PATH_INVALID'
  | 'PROC_STAT_INVALID'
  | 'PROC_STATUS_INVALID'
  | 'NS_LINK_INVALID'
  | 'SYMLINK_LOOP'
  | 'JSON_INVALID'
  | 'JSON_SHAPE_INVALID';

/** A parse or resolution failure, returned (never thrown) by this library's functions. */
export class CollectorDomainError extends Error {
  override readonly name = 'CollectorDomainError';

  constructor(
    readonly code: CollectorDomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}
