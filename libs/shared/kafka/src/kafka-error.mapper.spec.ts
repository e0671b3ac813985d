import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { KafkaMessageTooLargeError, KafkaPublishError, KafkaUnavailableError } from './kafka.errors';
import { freshProducerReason, toKafkaError } from './kafka-error.mapper';

/** kafkajs builds protocol errors from its table of broker error codes (protocol/error.js). */
const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError({ type, code: 0, retriable, message: `broker says ${type}` } as unknown as Error);
const retriesExceeded = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 3, retryTime: 100 });

describe(toKafkaError.name, () => {
  it.each([
    ['a refused connection', new KafkaJSConnectionError('Connection error: ECONNREFUSED'), KafkaUnavailableError, true],
    ['retries exhausted on a connection error', retriesExceeded(new KafkaJSConnectionError('ECONNREFUSED')), KafkaUnavailableError, true],
    ['a request timeout', new KafkaJSRequestTimeoutError('Request timed out'), KafkaUnavailableError, true],
    ['no partition leader', retriesExceeded(protocolError('LEADER_NOT_AVAILABLE', true)), KafkaUnavailableError, true],
    ['a message too large', protocolError('MESSAGE_TOO_LARGE', false), KafkaMessageTooLargeError, false],
    ['an authorization failure', protocolError('TOPIC_AUTHORIZATION_FAILED', false), KafkaPublishError, false],
    ['something that is not from kafkajs', new Error('boom'), KafkaPublishError, false],
  ])('maps %s', (_case, error, type, retriable) => {
    const mapped = toKafkaError(error, 'publish to t');
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.retriable).toBe(retriable);
    expect(mapped.message).toMatch(/^publish to t: /);
    expect(mapped.cause).toBe(error);
  });

  it('keeps an adapter error as it is', () => {
    const error = new KafkaUnavailableError('down');
    expect(toKafkaError(error, 'x')).toBe(error);
  });
});

describe(freshProducerReason.name, () => {
  it.each([
    ['a request timeout, however deeply wrapped', toKafkaError(retriesExceeded(new KafkaJSRequestTimeoutError('Request Produce timed out')), 'x'), 'request-timeout'],
    ['a sequence the broker does not expect', retriesExceeded(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', false)), 'producer-id'],
    ['a producer id the broker forgot', protocolError('UNKNOWN_PRODUCER_ID', false), 'producer-id'],
    ['a refused connection (kafkajs reconnects by itself)', retriesExceeded(new KafkaJSConnectionError('ECONNREFUSED')), undefined],
    ['no partition leader', protocolError('LEADER_NOT_AVAILABLE', true), undefined],
  ])('for %s: %s', (_case, error, reason) => {
    expect(freshProducerReason(error)).toBe(reason);
  });
});
