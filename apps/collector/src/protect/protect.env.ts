import { envInt } from '@fsmon/config';
import { z } from 'zod';

/** The protect module's variables; spread into CollectorEnv. Durations are milliseconds. */
export const ProtectEnv = {
  /** 'auto': permission events when the kernel has them (probed at start); 'off': never (notification only). */
  PROTECT_PERMISSION: z.enum(['auto', 'off']).default('auto'),
  /**
   * How opens on tracked filters are observed in Monitor and Discover: 'hold' = permission marks
   * that never refuse (the opener's exe is read while it waits, so short-lived processes are
   * attributed and learned); 'notify' = FAN_OPEN notification marks placed by the watcher.
   */
  PROTECT_OBSERVE: z.enum(['hold', 'notify']).default('hold'),
  /** Verdict when a workload has no access rule at all (a filter's own failMode wins where it has one). */
  PROTECT_DEFAULT_FAIL_MODE: z.enum(['open', 'closed']).default('open'),
  /** Longest a verdict may take; past it the watchdog takes the permission marks away. */
  PROTECT_STALL_BUDGET_MS: envInt(20, 60_000).default(1000),
  /** Healthy time before the marks come back (doubles after repeated trips, up to 32×). */
  PROTECT_RESTORE_AFTER_MS: envInt(0, 3_600_000).default(5000),
  /** Deadline of a decision hook's answer (capped at half the stall budget). */
  PROTECT_ASK_DEADLINE_MS: envInt(1, 60_000).default(250),
  /** Verdict probe interval (0: no probe; the watchdog then sees deadline misses only). */
  PROTECT_PROBE_INTERVAL_MS: envInt(0, 60_000).default(100),
  /** Denied and unauthorized opens are merged per path this long before they are reported. */
  PROTECT_REPORT_WINDOW_MS: envInt(10, 60_000).default(1000),
};

const ProtectEnvSchema = z.object(ProtectEnv);
export type ProtectEnvValues = z.infer<typeof ProtectEnvSchema>;

/** The resolved settings of CollectorProtectModule. */
export interface ProtectOptions {
  readonly collectorId: string;
  readonly permission: 'auto' | 'off';
  readonly observe: 'hold' | 'notify';
  readonly defaultFailMode: 'open' | 'closed';
  readonly stallBudgetMs: number;
  readonly restoreAfterMs: number;
  readonly askDeadlineMs: number;
  readonly probeIntervalMs: number;
  readonly reportWindowMs: number;
}

export function protectOptionsFromEnv(env: ProtectEnvValues, base: { collectorId: string }): ProtectOptions {
  return {
    ...base,
    permission: env.PROTECT_PERMISSION,
    observe: env.PROTECT_OBSERVE,
    defaultFailMode: env.PROTECT_DEFAULT_FAIL_MODE,
    stallBudgetMs: env.PROTECT_STALL_BUDGET_MS,
    restoreAfterMs: env.PROTECT_RESTORE_AFTER_MS,
    askDeadlineMs: Math.min(env.PROTECT_ASK_DEADLINE_MS, Math.floor(env.PROTECT_STALL_BUDGET_MS / 2)),
    probeIntervalMs: env.PROTECT_PROBE_INTERVAL_MS,
    reportWindowMs: env.PROTECT_REPORT_WINDOW_MS,
  };
}

/** The defaults, for tests and benches that build options without an environment. */
export function defaultProtectOptions(base: { collectorId: string }, over: Partial<ProtectOptions> = {}): ProtectOptions {
  return { ...protectOptionsFromEnv(ProtectEnvSchema.parse({}), base), ...over };
}
