import { Logger } from '@nestjs/common';
import { Kafka, logLevel as Level, type LogEntry, type RetryOptions } from 'kafkajs';
import { withControllerFallback } from './controller-fallback';

/** A Kafka client made by `createKafka`; pass it to EventPublisher, TopicConsumer, ensureTopics. */
export type KafkaClient = Kafka;

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs's own log level (default 'warn'); entries go to Nest's Logger under context `kafkajs`. */
  logLevel?: KafkaLogLevel;
  /** TCP connect timeout per broker, ms (default 1000). */
  connectionTimeoutMs?: number;
  /** Per-request timeout, ms (default 30000). */
  requestTimeoutMs?: number;
  /** Retries of cluster-level operations (connect, metadata); default kafkajs's (5, from 300 ms). */
  retry?: RetryOptions;
}

const LEVELS: Record<KafkaLogLevel, Level> = {
  nothing: Level.NOTHING,
  error: Level.ERROR,
  warn: Level.WARN,
  info: Level.INFO,
  debug: Level.DEBUG,
};

/**
 * Warnings that describe a deliberate choice of this adapter rather than a problem: EventPublisher
 * bounds the idempotent producer's retries so that an outage reaches its caller (see EventPublisher).
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

/** A kafkajs client for real Kafka, with the embedded broker's controller quirk handled. */
export function createKafka(opts: KafkaClientOptions): KafkaClient {
  if (opts.brokers.length === 0) throw new Error('createKafka: at least one broker is required');
  const kafka = new Kafka({
    brokers: opts.brokers,
    clientId: opts.clientId,
    connectionTimeout: opts.connectionTimeoutMs ?? 1000,
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
    retry: opts.retry,
    logLevel: LEVELS[opts.logLevel ?? 'warn'],
    logCreator: nestLogCreator,
  });
  return withControllerFallback(kafka);
}

function nestLogCreator(): (entry: LogEntry) => void {
  const logger = new Logger('kafkajs');
  return ({ level, namespace, log }) => {
    const { message } = log;
    const extra: Record<string, unknown> = { ...log };
    for (const known of ['message', 'timestamp', 'logger']) delete extra[known];
    if (level === Level.WARN && EXPECTED_WARNINGS.some((w) => message.startsWith(w))) return;
    const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    const text = `[${namespace}] ${message}${details}`;
    switch (level) {
      case Level.ERROR:
        logger.error(text);
        break;
      case Level.WARN:
        logger.warn(text);
        break;
      case Level.INFO:
        logger.log(text);
        break;
      case Level.DEBUG:
      case Level.NOTHING:
        logger.debug(text);
        break;
    }
  };
}
