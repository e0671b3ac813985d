/** Stable codes of the aggregator's input and configuration errors. */
export type AggregatorErrorCode = 'INVALID_CONFIG' | 'INVALID_POSITION' | 'INVALID_EVENT_TIME';

/**
 * A caller bug: a configuration or an input the engine cannot work with. Thrown only for inputs the
 * contracts already rule out (a decoded, validated batch never triggers one), so the app fails fast
 * instead of aggregating with a broken clock or offset.
 */
export class AggregatorError extends Error {
  override readonly name = 'AggregatorError';

  constructor(
    readonly code: AggregatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}
