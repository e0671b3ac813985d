import { loadPolicyEnv, type PolicyEnv } from './policy.env';

/** The policy app's configuration, validated once at boot (see policy.env.ts for each variable). */
export interface PolicyConfig {
  readonly logLevel: PolicyEnv['LOG_LEVEL'];
  readonly http: { readonly host: string; readonly port: number; readonly bodyLimitBytes: number };
  readonly redis: { readonly url: string; readonly keyPrefix: string };
  readonly kafka: { readonly brokers: string[]; readonly clientId: string; readonly groupId: string; readonly sessionTimeoutMs: number };
  readonly auth: { readonly adminTokens: readonly string[]; readonly readTokens: readonly string[] };
  readonly audit: { readonly maxEntries: number };
  readonly collectors: { readonly heartbeatMs: number; readonly staleHeartbeats: number; readonly graceMs: number };
  readonly push: { readonly republishIntervalMs: number; readonly waitMs: number };
  readonly learned: { readonly batchTtlMs: number };
}

export function toPolicyConfig(env: PolicyEnv): PolicyConfig {
  return {
    logLevel: env.LOG_LEVEL,
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, bodyLimitBytes: env.POLICY_BODY_LIMIT_BYTES },
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    kafka: { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID ?? 'fsmon-policy', groupId: env.POLICY_GROUP_ID, sessionTimeoutMs: env.POLICY_KAFKA_SESSION_TIMEOUT_MS },
    auth: { adminTokens: env.POLICY_ADMIN_TOKENS, readTokens: env.POLICY_READ_TOKENS },
    audit: { maxEntries: env.POLICY_AUDIT_MAX_ENTRIES },
    collectors: { heartbeatMs: env.POLICY_COLLECTOR_HEARTBEAT_MS, staleHeartbeats: env.POLICY_COLLECTOR_STALE_HEARTBEATS, graceMs: env.POLICY_COLLECTOR_LAG_GRACE_MS },
    push: { republishIntervalMs: env.POLICY_REPUBLISH_INTERVAL_S * 1000, waitMs: env.POLICY_PUSH_WAIT_MS },
    learned: { batchTtlMs: env.POLICY_LEARNED_BATCH_TTL_S * 1000 },
  };
}

/** Validates the environment (ConfigError listing every bad variable) into a PolicyConfig. */
export const loadPolicyConfig = (env: Record<string, string | undefined> = process.env): PolicyConfig => toPolicyConfig(loadPolicyEnv(env));
