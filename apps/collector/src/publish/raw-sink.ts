import { EventPublisher, type EventPublisherOptions, type KafkaClient } from '@fsmon/kafka';

/**
 * The raw-event producer: its own idempotent EventPublisher, GZIP-compressing every send, with
 * short retries of its own (the pump retries for as long as it takes, keeping order).
 */
export function createRawSink(kafka: KafkaClient, opts: Omit<EventPublisherOptions, 'gzipAboveBytes'> = {}): EventPublisher {
  return new EventPublisher(kafka, { retries: 2, initialRetryTimeMs: 100, maxRetryTimeMs: 1000, ...opts, gzipAboveBytes: 0 });
}
