/** The kafkajs client made by createKafka (KafkaClient). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
/** The app's EventPublisher, connected at module init. */
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
/** The resolved KafkaModuleOptions. */
export const KAFKA_MODULE_OPTIONS = Symbol('KAFKA_MODULE_OPTIONS');
