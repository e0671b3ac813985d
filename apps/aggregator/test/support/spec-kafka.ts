import type { EmbeddedKafka } from '@fsmon/embedded';
import { EventPublisher, type KafkaClient } from '@fsmon/kafka';
import { startTestKafka, TEST_CONSUMER_SETTINGS } from '@fsmon/testing';

/** One spec file's private embedded broker, with a client and a producer for the test itself. */
export interface SpecKafka {
  broker: EmbeddedKafka;
  kafka: KafkaClient;
  producer: EventPublisher;
  /** What every aggregator under test is given: the broker and the quick test consumer settings. */
  env: { KAFKA_BROKERS: string; KAFKA_SESSION_TIMEOUT_MS: string; KAFKA_HEARTBEAT_INTERVAL_MS: string; KAFKA_MAX_WAIT_MS: string };
  /** Disconnects the producer, then stops the broker: stop the apps and consumers first. */
  stop(): Promise<void>;
}

export async function startSpecKafka(): Promise<SpecKafka> {
  const test = await startTestKafka();
  const producer = new EventPublisher(test.kafka);
  return {
    broker: test.embedded,
    kafka: test.kafka,
    producer,
    env: {
      KAFKA_BROKERS: test.embedded.bootstrap,
      KAFKA_SESSION_TIMEOUT_MS: String(TEST_CONSUMER_SETTINGS.sessionTimeoutMs),
      KAFKA_HEARTBEAT_INTERVAL_MS: String(TEST_CONSUMER_SETTINGS.heartbeatIntervalMs),
      KAFKA_MAX_WAIT_MS: String(TEST_CONSUMER_SETTINGS.maxWaitTimeInMs),
    },
    async stop() {
      await producer.disconnect();
      await test.stop();
    },
  };
}
