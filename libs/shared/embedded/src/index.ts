// The embedded infrastructure: librdkafka's mock cluster and a private redis-server, started when
// no KAFKA_BROKERS / REDIS_URL is configured, and by tests.
export * from './embedded-kafka';
export * from './embedded-redis';
export * from './clean-spawn';
