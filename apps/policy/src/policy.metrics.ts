import { Counter, register } from 'prom-client';

function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  // One process may host several app instances (tests, the bench): register each metric once.
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

let metrics: ReturnType<typeof create> | undefined;

function create() {
  return {
    /** Committed policy changes by action. */
    changes: counter('fsmon_policy_changes_total', 'Committed policy changes', ['action']),
    /** Group policies sent to (or failed to reach) the policy topic. */
    pushes: counter('fsmon_policy_pushes_total', 'Group policies pushed to the policy topic', ['result']),
    /** Learned rules by outcome (added, already-allowed, not-discover, ...). */
    learnedRules: counter('fsmon_policy_learned_rules_total', 'Learned rules received, by outcome', ['outcome']),
    /** Collector statuses by result (recorded, outdated, dropped-store-unavailable, ...). */
    collectorStatus: counter('fsmon_policy_collector_status_total', 'Collector statuses received, by result', ['result']),
  };
}

/** The policy app's counters in prom-client's default registry (served on /metrics). */
export function policyMetrics(): ReturnType<typeof create> {
  metrics ??= create();
  return metrics;
}
