import { envBool, envHostPorts, envLogLevel, envPort, envRedisUrl } from '@fsmon/config';
import { z } from 'zod';

/**
 * The main job's variables. KAFKA_BROKERS and REDIS_URL unset → the embedded broker and a private
 * redis-server are started for this run; set → those are used and nothing embedded starts.
 */
export const MainJobEnv = z.object({
  KAFKA_BROKERS: envHostPorts.optional(),
  REDIS_URL: envRedisUrl.optional(),
  /** HTTP port of the collector `npm start` runs. */
  COLLECTOR_PORT: envPort.default(3001),
  /** HTTP port of the aggregator `npm start` runs. */
  AGGREGATOR_PORT: envPort.default(3002),
  /** HTTP port of the policy app `npm start` runs. */
  POLICY_PORT: envPort.default(3003),
  /** Logs, the collector's spool, the embedded Redis data and the run files (admin-token, kafka-brokers, policy-url). */
  FSMON_DATA_DIR: z.string().min(1).default('tmp/fsmon'),
  LOG_LEVEL: envLogLevel.default('info'),
  /** Seconds to wait for every app's /health before giving up. */
  FSMON_START_TIMEOUT: z.string().regex(/^\d+$/).transform(Number).default(60),
  /** For tests and scripts: exit 0 as soon as everything is healthy (after a clean stop). */
  FSMON_EXIT_WHEN_HEALTHY: envBool.default(false),
});
export type MainJobEnv = z.infer<typeof MainJobEnv>;
