import { KafkaError, KafkaMessageTooLargeError, KafkaPublishError, KafkaUnavailableError } from './kafka.errors';

/** kafkajs errors that mean "no broker could be reached or answered in time". */
const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
]);

/** Broker error types that mean "the cluster cannot take writes right now". */
const UNAVAILABLE_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'BROKER_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
]);

const TOO_LARGE_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** Broker errors after which an idempotent producer's id or sequence numbers are no use any more. */
const PRODUCER_ID_TYPES = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

interface KafkaJsLike {
  name?: string;
  type?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * Maps whatever kafkajs threw to the adapter's typed errors. kafkajs wraps the real cause (e.g. a
 * connection error inside `KafkaJSNumberOfRetriesExceeded`), so the whole cause chain is examined.
 */
export function toKafkaError(error: unknown, context: string): KafkaError {
  if (error instanceof KafkaError) return error;
  const chain = causeChain(error);
  const message = `${context}: ${chain.map((e) => e.message ?? String(e)).join(' <- ')}`;
  if (chain.some((e) => e.type !== undefined && TOO_LARGE_TYPES.has(e.type))) {
    return new KafkaMessageTooLargeError(message, { cause: error });
  }
  if (chain.some((e) => (e.name !== undefined && UNAVAILABLE_NAMES.has(e.name)) || (e.type !== undefined && UNAVAILABLE_TYPES.has(e.type)))) {
    return new KafkaUnavailableError(message, { cause: error });
  }
  const innermost = chain[chain.length - 1];
  return new KafkaPublishError(message, innermost.retriable === true, { cause: error });
}

/**
 * Why a failure calls for a new producer rather than a retry on the same one, or undefined:
 * `request-timeout` (kafkajs keeps a connection whose request timed out and sends the next request
 * on it, so a dead connection is never noticed; tulios/kafkajs#919) or `producer-id` (the broker no
 * longer accepts this producer id or its sequence numbers).
 */
export function freshProducerReason(error: unknown): 'request-timeout' | 'producer-id' | undefined {
  const chain = causeChain(error);
  if (chain.some((e) => e.name === 'KafkaJSRequestTimeoutError')) return 'request-timeout';
  if (chain.some((e) => e.type !== undefined && PRODUCER_ID_TYPES.has(e.type))) return 'producer-id';
  return undefined;
}

function causeChain(error: unknown): KafkaJsLike[] {
  const chain: KafkaJsLike[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current as KafkaJsLike)) {
    const e = (typeof current === 'object' ? current : { message: String(current) }) as KafkaJsLike;
    chain.push(e);
    current = e.cause ?? e.originalError;
  }
  return chain;
}
