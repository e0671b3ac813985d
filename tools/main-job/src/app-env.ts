import path from 'node:path';

/** What each app gets from the main job, before the operator's own variables. */
export interface AppEnvInput {
  dataDir: string;
  brokers: string;
  redisUrl: string;
  logLevel: string;
  /** Set when the main job made the admin token; else the operator's POLICY_ADMIN_TOKENS stays. */
  adminToken?: string;
}

/** Collector status period: the policy's staleness check must use the same one. */
const STATUS_INTERVAL_MS = '2000';

/**
 * Timings for a person watching a terminal: reports within a few seconds of a change instead of
 * the seed's ~30 s (4 s coalescing + 25 s aggregation hold), and learned apps in the policy within
 * seconds. Production deployments (docker-compose) keep the apps' defaults.
 */
export function interactiveDefaults(dataDir: string): Record<'policy' | 'aggregator' | 'collector', Record<string, string>> {
  return {
    policy: { POLICY_COLLECTOR_HEARTBEAT_MS: STATUS_INTERVAL_MS },
    aggregator: {
      AGGREGATOR_TICK_MS: '500',
      AGGREGATOR_HOLD_MS: '2000',
      AGGREGATOR_UPGRADE_HOLD_MS: '1000',
      AGGREGATOR_PACKAGE_HOLD_MS: '4000',
    },
    collector: {
      COALESCE_WINDOW_MS: '1000',
      STATUS_INTERVAL_MS,
      LEARN_FLUSH_MS: '2000',
      PROTECT_REPORT_WINDOW_MS: '500',
      // The collector's default (/var/lib/fsmon/spool) is for installed nodes; a dev run keeps it with its data.
      SPOOL_DIR: path.join(dataDir, 'spool'),
    },
  };
}

/**
 * Each app's variables: the main job's wiring (brokers, Redis, token) over the interactive
 * defaults, and any variable the operator set in the environment over both — except the wiring,
 * which the main job owns once it started the embedded services.
 */
export function appEnvs(input: AppEnvInput, operator: Record<string, string | undefined>): Record<'policy' | 'aggregator' | 'collector', Record<string, string>> {
  const defaults = interactiveDefaults(input.dataDir);
  const unlessSet = (vars: Record<string, string>) => Object.fromEntries(Object.entries(vars).filter(([k]) => operator[k] === undefined || operator[k] === ''));
  const wiring = { KAFKA_BROKERS: input.brokers, LOG_LEVEL: input.logLevel };
  return {
    policy: { ...unlessSet(defaults.policy), ...wiring, REDIS_URL: input.redisUrl, ...(input.adminToken ? { POLICY_ADMIN_TOKENS: input.adminToken } : {}) },
    aggregator: { ...unlessSet(defaults.aggregator), ...wiring },
    collector: { ...unlessSet(defaults.collector), ...wiring },
  };
}
