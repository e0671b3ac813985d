import { Logger } from '@nestjs/common';
import { Kafka, type KafkaConfig, logLevel as Level, type LogEntry, type RetryOptions } from 'kafkajs';
import { DEFAULT_REQUEST_TIMEOUT_MS, rememberSettings, settingsOf } from './client-settings';
import { withControllerFallback } from './controller-fallback';
import { ensureGzipCodec } from './gzip-codec';
import { SocketTracker } from './socket-tracker';

/** A Kafka client made by `createKafka`; pass it to EventPublisher, TopicConsumer, ensureTopics. */
export type KafkaClient = Kafka;

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs's own log level (default 'warn'); entries go to Nest's Logger under context `kafkajs`. */
  logLevel?: KafkaLogLevel;
  /** TCP connect timeout per broker, ms (default 1000: brokers are near; a refused or lost host fails fast). */
  connectionTimeoutMs?: number;
  /**
   * Timeout of a request without a timeout of its own, ms (default 10000; kafkajs's is 30000). A
   * healthy broker answers these (Produce, Metadata, InitProducerId, commits, heartbeats) in
   * milliseconds; the ones that wait on purpose (Fetch, JoinGroup) get longer timeouts from kafkajs.
   * It is also how long a dead connection (a partition, a broker host gone without a FIN) can hide
   * from EventPublisher, which replaces its producer on a timeout; Produce asks the broker to answer
   * within this time less 2 s (at least 1 s), so a slow ISR is reported, not mistaken for one.
   */
  requestTimeoutMs?: number;
  /**
   * Retries of cluster-level operations (connect, metadata), also the wait before a crashed
   * consumer restarts (default 5 retries from 300 ms, at most 5 s apart; with kafkajs's 30 s cap a
   * consumer in the pipeline e2e waited 11.5 s to restart after its broker was back). Fields not
   * given keep these defaults.
   */
  retry?: RetryOptions;
}

const LEVELS: Record<KafkaLogLevel, Level> = {
  nothing: Level.NOTHING,
  error: Level.ERROR,
  warn: Level.WARN,
  info: Level.INFO,
  debug: Level.DEBUG,
};

/** See KafkaClientOptions.retry. */
const DEFAULT_RETRY: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 5000 };

/**
 * Warnings that describe a deliberate choice of this adapter rather than a problem: EventPublisher
 * bounds the idempotent producer's retries so that an outage reaches its caller (see EventPublisher).
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

/** A kafkajs client for real Kafka, with the embedded broker's controller quirk handled. */
export function createKafka(opts: KafkaClientOptions): KafkaClient {
  if (opts.brokers.length === 0) throw new Error('createKafka: at least one broker is required');
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  ensureGzipCodec();
  return clientFrom({
    brokers: opts.brokers,
    clientId: opts.clientId,
    connectionTimeout: opts.connectionTimeoutMs ?? 1000,
    requestTimeout: requestTimeoutMs,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    logLevel: LEVELS[opts.logLevel ?? 'warn'],
    logCreator: nestLogCreator,
  });
}

/**
 * A client with the same settings as `kafka` whose sockets are tracked, for one consumer or
 * producer that must be sure its connections are gone after disconnect (see SocketTracker).
 * A kafkajs client not made by createKafka is returned as it is, untracked.
 */
export function trackedSibling(kafka: KafkaClient): { client: KafkaClient; sockets?: SocketTracker } {
  const config = settingsOf(kafka).config;
  if (!config) return { client: kafka };
  const sockets = new SocketTracker();
  return { client: clientFrom({ ...config, socketFactory: sockets.factory }), sockets };
}

function clientFrom(config: KafkaConfig): KafkaClient {
  const kafka = new Kafka(config);
  rememberSettings(kafka, { requestTimeoutMs: config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS, config });
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
