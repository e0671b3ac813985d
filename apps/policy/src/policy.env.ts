import { commonAppEnv, envInt, envRedisUrl, validateEnv } from '@fsmon/config';
import { z } from 'zod';

/** Shortest accepted API token: long random strings only (e.g. `openssl rand -hex 24`). */
export const MIN_TOKEN_LENGTH = 32;

const tokenList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .min(MIN_TOKEN_LENGTH, `every token must have at least ${MIN_TOKEN_LENGTH} characters`)
        .max(256, 'a token has at most 256 characters')
        .regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII without spaces'),
    ),
  );

export const PolicyEnv = z.object({
  ...commonAppEnv(3003),
  /** `redis://host:port[/db]` of the Redis that holds the policy. `npm start` starts a private redis-server when unset. */
  REDIS_URL: envRedisUrl,
  /** Every key this app writes starts with it, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*:$/, 'colon-separated words ending in ":", e.g. fsmon: or team:fsmon:')
    .default('fsmon:'),
  /** Bearer tokens with the admin scope (read and write), comma-separated. None: nobody can write. */
  POLICY_ADMIN_TOKENS: tokenList,
  /** Bearer tokens with the read scope only, comma-separated. */
  POLICY_READ_TOKENS: tokenList,
  /** Largest accepted JSON request body; larger ones get 413 PAYLOAD_TOO_LARGE. */
  POLICY_BODY_LIMIT_BYTES: envInt(1024, 16 * 1024 * 1024).default(256 * 1024),
  /** The audit stream is trimmed (approximately) to this many entries. */
  POLICY_AUDIT_MAX_ENTRIES: envInt(100, 10_000_000).default(100_000),
  /** Consumer group of the learned-rules and collector-status intake (shared by policy instances). */
  POLICY_GROUP_ID: z.string().min(1).max(128).default('fsmon-policy'),
  /** Kafka consumer session timeout (ms); 6000 suits the embedded broker in tests. */
  POLICY_KAFKA_SESSION_TIMEOUT_MS: envInt(6000, 300_000).default(30_000),
  /** The collectors' heartbeat period (ms), for staleness. */
  POLICY_COLLECTOR_HEARTBEAT_MS: envInt(100, 3_600_000).default(10_000),
  /** A collector whose last status is older than this many heartbeats is stale (and lagging). */
  POLICY_COLLECTOR_STALE_HEARTBEATS: envInt(1, 1000).default(3),
  /** A collector behind the same revision for longer than this (ms) is lagging. */
  POLICY_COLLECTOR_LAG_GRACE_MS: envInt(0, 3_600_000).default(30_000),
  /** Every group's policy is re-published this often (s; 0: only at start), healing a lossy topic. */
  POLICY_REPUBLISH_INTERVAL_S: envInt(0, 86_400).default(300),
  /** How long a change request waits for the broker to take its push before answering `X-Policy-Push: pending` (ms). */
  POLICY_PUSH_WAIT_MS: envInt(0, 60_000).default(2000),
  /** How long a learned-rules batch id is remembered, so a re-sent batch is recognised (s). */
  POLICY_LEARNED_BATCH_TTL_S: envInt(60, 30 * 86_400).default(86_400),
});
export type PolicyEnv = z.infer<typeof PolicyEnv>;

export const loadPolicyEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('policy', PolicyEnv, env);
