import { z } from 'zod';
import { envHostPorts, envLogLevel, envPort } from './env-types';

/**
 * Variables every fsmon app reads. HTTP binds to loopback unless told otherwise: the admin surface
 * of a security product is not exposed by default.
 */
export function commonAppEnv(defaultPort: number) {
  return {
    /** Address the HTTP API (/health, /metrics, admin) binds to. */
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    /** Port of the HTTP API. */
    HTTP_PORT: envPort.default(defaultPort),
    /** pino log level: fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: envLogLevel.default('info'),
    /** Kafka bootstrap brokers, comma-separated `host:port`. `npm start` starts an embedded broker when unset. */
    KAFKA_BROKERS: envHostPorts,
    /** Kafka client id; default: the app's name. */
    KAFKA_CLIENT_ID: z.string().min(1).max(128).optional(),
  };
}
