import type { PolicyMode } from '@fsmon/contracts';

/** What CollectorPolicyModule needs; see policyOptionsFromEnv. */
export interface CollectorPolicyOptions {
  collectorId: string;
  /** When set, the policy comes from this file only and the policy topic is not consumed. */
  policyFile?: string;
  defaultMode: PolicyMode;
  /** Longest boot waits for the policy topic to be read (0: do not wait). */
  bootWaitMs: number;
  /** Consumer tuning (tests use the embedded broker's short timeouts). */
  consumer?: { sessionTimeoutMs?: number; heartbeatIntervalMs?: number; maxWaitTimeInMs?: number };
}
