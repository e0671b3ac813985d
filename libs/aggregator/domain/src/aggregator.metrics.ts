/** Counters since the engine was created (monotonic, except `aggregates`, a gauge). */
export interface AggregatorMetrics {
  /** File events accepted. */
  eventsIn: number;
  /** Per-process messages derived from them (one per distinct process, or one without). */
  messagesIn: number;
  /** Gap events seen; they are not aggregated (see ReportAggregator.accept). */
  gapsSeen: number;
  /** Sum of the `lost` counts the gap events carried. */
  gapEventsLost: number;
  reportsOut: number;
  /** Of reportsOut: first reports sent at once (Count 1). */
  immediateReports: number;
  /** Observations joined to a window without being counted (inotify repeating a change fanotify counted, or the reverse). */
  duplicatesAbsorbed: number;
  /** inotify-only aggregates that got their process from a fanotify event. */
  upgrades: number;
  /** Package windows opened (installs). */
  packageWindows: number;
  /** Windows reported and re-opened because the stream ran past reReportMs / packageMaxWindowMs. */
  reReports: number;
  /** Windows reported and re-opened because their path list was full. */
  pathSplits: number;
  /** Aggregates closed early (reported if anything was pending) because a cap on aggregates was reached. */
  earlyFlushes: number;
  /** Aggregates that closed with nothing pending (everything was in the immediate report). */
  closedQuiet: number;
  /** Aggregates discarded because all their pinned partitions were revoked (the new owner re-reads them). */
  revokeDiscards: number;
  /** Aggregates flushed at a revoke because they also hold events of kept partitions. */
  revokeFlushes: number;
  /** Live aggregates now. */
  aggregates: number;
}

export function emptyMetrics(): AggregatorMetrics {
  return {
    eventsIn: 0,
    messagesIn: 0,
    gapsSeen: 0,
    gapEventsLost: 0,
    reportsOut: 0,
    immediateReports: 0,
    duplicatesAbsorbed: 0,
    upgrades: 0,
    packageWindows: 0,
    reReports: 0,
    pathSplits: 0,
    earlyFlushes: 0,
    closedQuiet: 0,
    revokeDiscards: 0,
    revokeFlushes: 0,
    aggregates: 0,
  };
}
