import type { HostIdentity } from '@fsmon/contracts';
import { type CollectorEnv, loadCollectorEnv } from './collector.env';

/** What discovery watches: the host, containers, and (tests) an allow-list of ids or root pids. */
export interface DiscoveryConfig {
  readonly procDir: string;
  readonly hostRoot: string;
  readonly runtimeStateRoot: string;
  readonly watchHost: boolean;
  readonly watchContainers: boolean;
  /** Container ids or decimal root pids; empty = every container. */
  readonly only: readonly string[];
  readonly intervalMs: number;
}

/** The collector core's settings (everything but HTTP and Kafka), typed and grouped. */
export interface CollectorConfig {
  readonly collectorId: string;
  readonly host: HostIdentity;
  readonly discovery: DiscoveryConfig;
  readonly pipeline: {
    readonly windowMs: number;
    readonly maxPaths: number;
    readonly runtimeFileGraceMs: number;
    readonly reportAllowedReads: boolean;
  };
  readonly watch: {
    readonly fanotifyReport: 'auto' | 'fid' | 'fd';
    readonly unlimitedQueue: boolean;
    readonly maxDirs: number;
    readonly hashMaxBytes: number;
    readonly hashConcurrency: number;
    /** Reopening a kernel source whose reader stopped (see ReaderRecovery). */
    readonly readerRecovery: { readonly maxAttempts: number; readonly initialDelayMs: number; readonly maxDelayMs: number };
  };
  readonly procCacheSize: number;
}

export interface CollectorSettings {
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: string;
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string | undefined };
  readonly core: CollectorConfig;
  readonly env: CollectorEnv;
}

/** Builds the core config from validated variables. */
export function toCollectorConfig(e: CollectorEnv): CollectorConfig {
  const collectorId = e.COLLECTOR_ID ?? e.NODE_NAME;
  return {
    collectorId,
    host: { id: collectorId, name: e.NODE_NAME },
    discovery: {
      procDir: e.PROC_DIR,
      hostRoot: e.HOST_ROOT,
      runtimeStateRoot: e.RUNTIME_STATE_ROOT,
      watchHost: e.WATCH_HOST,
      watchContainers: e.WATCH_CONTAINERS,
      only: e.WATCH_ONLY_CONTAINERS,
      intervalMs: e.DISCOVERY_INTERVAL_MS,
    },
    pipeline: { windowMs: e.COALESCE_WINDOW_MS, maxPaths: e.COALESCE_MAX_PATHS, runtimeFileGraceMs: e.RUNTIME_FILE_GRACE_MS, reportAllowedReads: e.REPORT_ALLOWED_READS },
    watch: {
      fanotifyReport: e.FANOTIFY_REPORT,
      unlimitedQueue: e.FANOTIFY_UNLIMITED_QUEUE,
      maxDirs: e.WATCH_MAX_DIRS,
      hashMaxBytes: e.HASH_MAX_BYTES,
      hashConcurrency: e.HASH_CONCURRENCY,
      readerRecovery: { maxAttempts: e.READER_RETRY_ATTEMPTS, initialDelayMs: e.READER_RETRY_INITIAL_MS, maxDelayMs: e.READER_RETRY_MAX_MS },
    },
    procCacheSize: e.PROC_CACHE_SIZE,
  };
}

/** Validates the environment (ConfigError lists every bad variable) into the collector's settings. */
export function loadCollectorSettings(env: Record<string, string | undefined> = process.env): CollectorSettings {
  const e = loadCollectorEnv(env);
  return {
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    kafka: { brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID },
    core: toCollectorConfig(e),
    env: e,
  };
}
