import { commonAppEnv, envRedisUrl, validateEnv } from '@fsmon/config';
import { z } from 'zod';

export const PolicyEnv = z.object({
  ...commonAppEnv(3003),
  REDIS_URL: envRedisUrl,
  /** Every key this app writes starts with it, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*:$/, 'colon-separated words ending in ":", e.g. fsmon: or team:fsmon:')
    .default('fsmon:'),
});
export type PolicyEnv = z.infer<typeof PolicyEnv>;

export const loadPolicyEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('policy', PolicyEnv, env);
