/** The q-quantile (0..1) of `values` (nearest rank); NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** p50, p99 and max of a list of milliseconds. */
export function summarize(ms: readonly number[]): LatencySummary {
  return { n: ms.length, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), max: ms.length ? Math.max(...ms) : NaN };
}

/**
 * A pause of 5..45 ms between samples, so that sends do not fall into step with the consumers'
 * fetch cycle (a long-poll that is not woken by new data would otherwise always look the same).
 */
export function jitter(i: number): number {
  return 5 + ((i * 7919) % 41);
}
