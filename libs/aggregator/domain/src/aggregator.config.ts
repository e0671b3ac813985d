import { AggregatorError } from './aggregator.error';

/**
 * Windows and bounds of the grouping engine. Durations are milliseconds; the defaults are the seed's
 * tick counts (fsmon-behaviour §4.7, §7) times its 5 s tick.
 */
export interface AggregatorConfig {
  /** How often the app should call `tick()`; flushes are late by at most this much. Seed: 5 s. */
  readonly tickMs: number;
  /** A window closes this long after its last related event. Seed: 5 ticks. */
  readonly holdMs: number;
  /** Hold of a container's package window (an install in progress). Seed: 12 ticks. */
  readonly packageHoldMs: number;
  /** Hold after an inotify-only aggregate got its process from fanotify (quick flush). Seed: 2 ticks. */
  readonly upgradeHoldMs: number;
  /** A stream still active this long after its window opened is re-reported. Seed: 13 ticks. */
  readonly reReportMs: number;
  /** A package window is reported and re-opened after this long, so an endless install still reports. */
  readonly packageMaxWindowMs: number;
  /** Live aggregates in total; the least recently updated is flushed early to make room. */
  readonly maxAggregates: number;
  /** Live aggregates of one container (or the host); same early flush. */
  readonly maxAggregatesPerContainer: number;
  /** Paths listed in one report; a window that would list more is reported and re-opened. */
  readonly maxPathsPerReport: number;
  /** Characters of one report's path list (the contract allows 65,536). */
  readonly maxPathChars: number;
}

const TICK = 5_000;

export const defaultAggregatorConfig: AggregatorConfig = {
  tickMs: TICK,
  holdMs: 5 * TICK,
  packageHoldMs: 12 * TICK,
  upgradeHoldMs: 2 * TICK,
  reReportMs: 13 * TICK,
  packageMaxWindowMs: 60 * TICK,
  maxAggregates: 10_000,
  maxAggregatesPerContainer: 256,
  maxPathsPerReport: 256,
  maxPathChars: 65_536,
};

const MAX_PATH_CHARS = 65_536;

/**
 * The defaults overlaid with `overrides`, checked: every value a positive integer, the path budget
 * within the contract and large enough for one path. Throws `AggregatorError('INVALID_CONFIG')`
 * naming every bad field.
 */
export function aggregatorConfig(overrides: Partial<AggregatorConfig> = {}): AggregatorConfig {
  const config = { ...defaultAggregatorConfig, ...overrides };
  const problems = Object.entries(config)
    .filter(([, v]) => !Number.isSafeInteger(v) || v <= 0)
    .map(([k, v]) => `${k} must be a positive integer (got ${String(v)})`);
  if (config.maxPathChars > MAX_PATH_CHARS) problems.push(`maxPathChars must be at most ${MAX_PATH_CHARS}`);
  if (config.maxPathChars < 4096) problems.push('maxPathChars must be at least 4096 (one path)');
  if (config.maxAggregatesPerContainer > config.maxAggregates) {
    problems.push('maxAggregatesPerContainer must not exceed maxAggregates');
  }
  if (problems.length > 0) throw new AggregatorError('INVALID_CONFIG', `aggregator config: ${problems.join('; ')}`);
  return config;
}
