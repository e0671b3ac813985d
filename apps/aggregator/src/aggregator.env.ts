import { aggregatorConfig, AggregatorError, defaultAggregatorConfig as d, type AggregatorConfig } from '@fsmon/aggregator-domain';
import { commonAppEnv, ConfigError, envInt, validateEnv } from '@fsmon/config';
import { hostname } from 'node:os';
import { z } from 'zod';

const ms = (min: number, fallback: number) => envInt(min, 24 * 3600_000).default(fallback);
const count = (min: number, max: number, fallback: number) => envInt(min, max).default(fallback);

/**
 * The aggregator's variables. Durations are milliseconds; the window defaults are the seed's tick
 * counts times its 5 s tick (fsmon-behaviour §4.7, see AggregatorConfig).
 */
export const AggregatorEnv = z.object({
  ...commonAppEnv(3002),
  /** Consumer group shared by every aggregator instance: they split the raw-event partitions. */
  AGGREGATOR_GROUP_ID: z.string().min(1).max(128).default('fsmon-aggregator'),
  /** How often windows whose hold passed are closed and offsets committed. */
  AGGREGATOR_TICK_MS: ms(10, d.tickMs),
  /** A window closes this long after its last related event (seed: 5 ticks). */
  AGGREGATOR_HOLD_MS: ms(1, d.holdMs),
  /** Hold of a container's package window, an install in progress (seed: 12 ticks). */
  AGGREGATOR_PACKAGE_HOLD_MS: ms(1, d.packageHoldMs),
  /** Hold after an inotify-only aggregate got its process from fanotify (seed: 2 ticks). */
  AGGREGATOR_UPGRADE_HOLD_MS: ms(1, d.upgradeHoldMs),
  /** A stream still active this long after its window opened is re-reported (seed: 13 ticks). */
  AGGREGATOR_REREPORT_MS: ms(1, d.reReportMs),
  /** A package window is reported and re-opened after this long, so an endless install still reports. */
  AGGREGATOR_PACKAGE_MAX_WINDOW_MS: ms(1, d.packageMaxWindowMs),
  /** Live aggregates in total; the least recently updated is flushed early to make room. */
  AGGREGATOR_MAX_AGGREGATES: count(1, 10_000_000, d.maxAggregates),
  /** Live aggregates of one container (or the host); same early flush. */
  AGGREGATOR_MAX_AGGREGATES_PER_CONTAINER: count(1, 10_000_000, d.maxAggregatesPerContainer),
  /** Paths listed in one report; a window that would list more is reported and re-opened. */
  AGGREGATOR_MAX_PATHS_PER_REPORT: count(1, 100_000, d.maxPathsPerReport),
  /** Characters of one report's path list (the contract allows 65,536). */
  AGGREGATOR_MAX_PATH_CHARS: count(4096, 65_536, d.maxPathChars),
  /**
   * Worker threads that decode and group the raw events (partition p goes to worker p % n, so each
   * partition stays in order); the consuming thread only fetches.
   */
  AGGREGATOR_ENGINE_WORKERS: count(1, 64, 1),
  /** Raw-event bytes queued to the workers at and above which consumption waits (bounds memory). */
  AGGREGATOR_ENGINE_QUEUE_BYTES: count(1024 * 1024, 1024 * 1024 * 1024, 32 * 1024 * 1024),
  /** Reports kept in memory for GET /reports (this instance's latest). */
  AGGREGATOR_RECENT_REPORTS: count(1, 1_000_000, 1000),
  /** Reports awaiting the broker's ack above which consumption pauses (back-pressure). */
  AGGREGATOR_REPORT_QUEUE_MAX: count(1, 10_000_000, 10_000),
  /** Reports per send to the reports topic. */
  AGGREGATOR_PUBLISH_BATCH: count(1, 10_000, 500),
  /** Longest shutdown spends publishing the flushed windows before it gives up (they are re-read, not lost). */
  AGGREGATOR_SHUTDOWN_TIMEOUT_MS: ms(100, 10_000),
  /** How often the consumer-lag gauge is refreshed from the broker; 0 turns it off. */
  AGGREGATOR_LAG_REFRESH_MS: envInt(0, 3600_000).default(5000),
  /** Group session timeout; a dead instance's partitions move after this long. */
  KAFKA_SESSION_TIMEOUT_MS: ms(1000, 30_000),
  /** Default: a third of the session timeout. */
  KAFKA_HEARTBEAT_INTERVAL_MS: envInt(100, 3600_000).optional(),
  /** Longest a fetch waits for data; also bounds how long leaving the group takes. */
  KAFKA_MAX_WAIT_MS: ms(10, 200),
  /**
   * Retries of one Kafka operation (connect, metadata, one send) before it fails and the app's own
   * retry takes over (reports are kept and re-sent). Default: the Kafka lib's (5 for the client, 3
   * per send). Lower means an outage shows in /health sooner.
   */
  KAFKA_RETRIES: envInt(0, 100).optional(),
});
export type AggregatorEnv = z.infer<typeof AggregatorEnv>;

/** The aggregator's settings, typed and grouped; built once at boot by `loadAggregatorSettings`. */
export interface AggregatorSettings {
  http: { host: string; port: number };
  logLevel: string;
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
    maxWaitTimeInMs: number;
    retries?: number;
  };
  engine: AggregatorConfig;
  engineStage: { workers: number; queueBytes: number };
  reports: { recent: number; queueMax: number; publishBatch: number; shutdownTimeoutMs: number };
  lagRefreshMs: number;
}

export const loadAggregatorEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('aggregator', AggregatorEnv, env);

/**
 * Validates the environment into AggregatorSettings. Throws ConfigError listing every bad variable,
 * including the engine's cross-field checks (e.g. a per-container cap above the total cap).
 */
export function loadAggregatorSettings(env: Record<string, string | undefined> = process.env): AggregatorSettings {
  const e = loadAggregatorEnv(env);
  let engine: AggregatorConfig;
  try {
    engine = aggregatorConfig({
      tickMs: e.AGGREGATOR_TICK_MS,
      holdMs: e.AGGREGATOR_HOLD_MS,
      packageHoldMs: e.AGGREGATOR_PACKAGE_HOLD_MS,
      upgradeHoldMs: e.AGGREGATOR_UPGRADE_HOLD_MS,
      reReportMs: e.AGGREGATOR_REREPORT_MS,
      packageMaxWindowMs: e.AGGREGATOR_PACKAGE_MAX_WINDOW_MS,
      maxAggregates: e.AGGREGATOR_MAX_AGGREGATES,
      maxAggregatesPerContainer: e.AGGREGATOR_MAX_AGGREGATES_PER_CONTAINER,
      maxPathsPerReport: e.AGGREGATOR_MAX_PATHS_PER_REPORT,
      maxPathChars: e.AGGREGATOR_MAX_PATH_CHARS,
    });
  } catch (err) {
    if (err instanceof AggregatorError) throw new ConfigError('aggregator', [err.message]);
    throw err;
  }
  return {
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `fsmon-aggregator-${hostname()}-${process.pid}`,
      groupId: e.AGGREGATOR_GROUP_ID,
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS ?? Math.floor(e.KAFKA_SESSION_TIMEOUT_MS / 3),
      maxWaitTimeInMs: e.KAFKA_MAX_WAIT_MS,
      retries: e.KAFKA_RETRIES,
    },
    engine,
    engineStage: { workers: e.AGGREGATOR_ENGINE_WORKERS, queueBytes: e.AGGREGATOR_ENGINE_QUEUE_BYTES },
    reports: {
      recent: e.AGGREGATOR_RECENT_REPORTS,
      queueMax: e.AGGREGATOR_REPORT_QUEUE_MAX,
      publishBatch: e.AGGREGATOR_PUBLISH_BATCH,
      shutdownTimeoutMs: e.AGGREGATOR_SHUTDOWN_TIMEOUT_MS,
    },
    lagRefreshMs: e.AGGREGATOR_LAG_REFRESH_MS,
  };
}
