import { envInt } from '@fsmon/config';
import { PolicyMode } from '@fsmon/contracts';
import { z } from 'zod';
import type { CollectorPolicyOptions } from './policy.options';

/** The policy intake's variables; spread into CollectorEnv. */
export const PolicyEnv = {
  /** A local policy (JSON GroupPolicy[]) used instead of the policy topic; unset: consume fsmon.policy.v1. */
  POLICY_FILE: z.string().regex(/^\//, 'expected an absolute path').optional(),
  /** Mode of a container that no group selects (it gets the built-in filters: the seed's 21 predefined ones and the package databases the seed misses). */
  DEFAULT_MODE: PolicyMode.default('Discover'),
  /** How long boot waits for the current policy before watching with what it has (0: do not wait). */
  POLICY_BOOT_WAIT_MS: envInt(0, 300_000).default(15_000),
};

export type PolicyEnvValues = z.output<z.ZodObject<typeof PolicyEnv>>;

export function policyOptionsFromEnv(env: PolicyEnvValues, collectorId: string): CollectorPolicyOptions {
  return { collectorId, policyFile: env.POLICY_FILE, defaultMode: env.DEFAULT_MODE, bootWaitMs: env.POLICY_BOOT_WAIT_MS };
}
