/** Stable codes of every error the Kafka adapter reports. */
export type KafkaErrorCode =
  | 'KAFKA_UNAVAILABLE'
  | 'KAFKA_INVALID_PAYLOAD'
  | 'KAFKA_MESSAGE_TOO_LARGE'
  | 'KAFKA_PUBLISH_FAILED'
  | 'KAFKA_COMMIT_FAILED'
  | 'KAFKA_CLOSED'
  | 'KAFKA_WIRING';

/** Base of the adapter's errors. `retriable`: the same call may succeed later unchanged. */
export abstract class KafkaError extends Error {
  abstract readonly code: KafkaErrorCode;
  abstract readonly retriable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No broker answered (down, unreachable, timed out, no leader): keep the data and retry later. */
export class KafkaUnavailableError extends KafkaError {
  readonly code = 'KAFKA_UNAVAILABLE';
  readonly retriable = true;
}

/** A value failed its topic's schema before anything was sent (a producer bug): nothing was sent. */
export class KafkaPayloadError extends KafkaError {
  readonly code = 'KAFKA_INVALID_PAYLOAD';
  readonly retriable = false;
  constructor(
    readonly topic: string,
    readonly index: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`message ${index} for ${topic} is invalid: ${detail}`, options);
  }
}

/** The broker refused a message or batch as too large; retrying the same batch cannot succeed. */
export class KafkaMessageTooLargeError extends KafkaError {
  readonly code = 'KAFKA_MESSAGE_TOO_LARGE';
  readonly retriable = false;
}

/** Any other broker-side failure of a send; `retriable` comes from the broker's error. */
export class KafkaPublishError extends KafkaError {
  readonly code = 'KAFKA_PUBLISH_FAILED';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An offset commit failed (typically a rebalance took the partition away); it will be redelivered. */
export class KafkaCommitError extends KafkaError {
  readonly code = 'KAFKA_COMMIT_FAILED';
  readonly retriable = true;
}

/** The publisher or consumer was closed by its owner. */
export class KafkaClosedError extends KafkaError {
  readonly code = 'KAFKA_CLOSED';
  readonly retriable = false;
}

/** A wiring mistake found at startup, e.g. a handler for a topic that has no contract. */
export class KafkaWiringError extends KafkaError {
  readonly code = 'KAFKA_WIRING';
  readonly retriable = false;
}
