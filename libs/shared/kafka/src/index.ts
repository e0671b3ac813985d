// fsmon's only Kafka client owner: the client factory, the publisher, the validating consumer with
// dead letters, the NestJS module/transport/health indicator, and the plain-kafkajs baseline bench.
export * from './kafka.errors';
export * from './create-kafka';
export { sizedGzipCodec, withGzipCodec, type GzipCodecChoice } from './gzip-codec';
export * from './ensure-topics';
export * from './event.publisher';
export * from './topic-consumer.types';
export * from './topic.consumer';
export * from './dead-letter';
export * from './nest/kafka.di-tokens';
export * from './nest/kafka-consumer.registry';
export * from './nest/kafka.health';
export * from './nest/kafka.module';
export * from './nest/fsmon-kafka.transport';
export * from './raw-topic.reader';
export * from './plain-kafkajs.baseline';
export * from './nest/kafka.metrics';
