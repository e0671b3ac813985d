import { z } from 'zod';
import { envHostPorts, envLogLevel, envPort } from './env-types';

/**
 * Variables every fsmon app reads. HTTP binds to loopback unless told otherwise: the admin surface
 * of a security product is not exposed by default.
 */
export function commonAppEnv(defaultPort: number) {
  return {
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: envPort.default(defaultPort),
    LOG_LEVEL: envLogLevel.default('info'),
    KAFKA_BROKERS: envHostPorts,
    KAFKA_CLIENT_ID: z.string().min(1).max(128).optional(),
  };
}
