import type { GapRawEvent, HostIdentity, MonitorMessage, RawEvent, RawEventBatch } from '@fsmon/contracts';
import { aggregatorConfig, type AggregatorConfig } from './aggregator.config';
import { emptyMetrics, type AggregatorMetrics } from './aggregator.metrics';
import { systemClock, type Clock } from './clock';
import { CommitTracker } from './commit-tracker';
import { ContainerKeys } from './report-key';
import { toFileMessages, type FileMessage } from './file-message';
import { GroupingRules } from './grouping.rules';
import { parsePosition, type ParsedPosition, type SourcePosition } from './source-position';
import { WindowEngine } from './window.engine';

/** What one batch produced: reports to publish now, and the gap events for the app to log and count. */
export interface BatchOutcome {
  readonly reports: MonitorMessage[];
  readonly gaps: GapRawEvent[];
}

/**
 * The grouping engine that turns raw file events into MonitorMessages (fsmon-behaviour §4.7 with
 * the §8.16 fixes; rules in GroupingRules). Pure and synchronous: time comes from `clock`, and the
 * app calls `tick()` about every `config.tickMs`.
 *
 * Delivery contract. Every returned report must be published before `safeCommitOffsets()` is
 * committed. A window pins the position of its opening event (even after the immediate report)
 * and of every event in it until the window is reported, so a crash re-reads whole windows, and
 * windows are cut by the events' own times, so a replay at any pace rebuilds them: a re-sent report
 * carries the id of the one sent before. Duplicates after a crash are bounded: they repeat only
 * events between the committed offset and the crash, a span of at most the oldest live window
 * (about reReportMs + holdMs, or packageMaxWindowMs + packageHoldMs for an install) plus the
 * commit interval. Those events come back under new ids in one case: when they had joined a window
 * opened before the committed offset (another container's window in the same partition can hold
 * the offset back), the replay groups them anew. A window that had been re-opened by age or a full
 * path list is rebuilt as a new aggregate (its opening event gets a Count 1 first report and the
 * window report one less), which splits the same events differently. A `tick()` that closed a
 * window while its next event was still in flight (consumer lag above the hold) also regroups.
 */
export class ReportAggregator {
  private readonly engine: WindowEngine;
  private readonly rules: GroupingRules;
  private readonly commits = new CommitTracker();
  private readonly counters = emptyMetrics();
  private readonly containerKeys = new ContainerKeys();

  /** Throws `AggregatorError('INVALID_CONFIG')` for a bad override. */
  constructor(config: Partial<AggregatorConfig> = {}, clock: Clock = systemClock) {
    this.engine = new WindowEngine(aggregatorConfig(config), clock, this.counters);
    this.rules = new GroupingRules(this.engine);
  }

  get config(): AggregatorConfig {
    return this.engine.config;
  }

  /**
   * Aggregates one event read at `position`; returns the reports due at once (first reports,
   * and windows closed by this event). A gap event is not aggregated: it is counted (`gapsSeen`,
   * `gapEventsLost`) and the app logs it; the rescan that follows arrives as ordinary events.
   * Throws `AggregatorError` (INVALID_POSITION, INVALID_EVENT_TIME) before changing any state.
   * Call `safeCommitOffsets()` only between batches: until every event of a batch is accepted,
   * its offset may be reported as done.
   */
  accept(event: RawEvent, host: HostIdentity, position: SourcePosition): MonitorMessage[] {
    const pos = parsePosition(position);
    const messages = event.type === 'file' ? toFileMessages(event, host, this.containerKeys) : [];
    this.commits.accepted(pos);
    if (event.type === 'gap') {
      this.counters.gapsSeen++;
      this.counters.gapEventsLost += event.lost ?? 0;
      return [];
    }
    this.counters.eventsIn++;
    const out: MonitorMessage[] = [];
    for (const m of messages) this.route(m, pos, out);
    return out;
  }

  /** Aggregates a whole batch read at `position`; checks every event before changing any state. */
  acceptBatch(batch: RawEventBatch, position: SourcePosition): BatchOutcome {
    const pos = parsePosition(position);
    const parsed = batch.events.map((e) => (e.type === 'file' ? toFileMessages(e, batch.host, this.containerKeys) : e));
    const reports: MonitorMessage[] = [];
    const gaps: GapRawEvent[] = [];
    for (const item of parsed) {
      if (Array.isArray(item)) {
        this.counters.eventsIn++;
        for (const m of item) this.route(m, pos, reports);
      } else {
        this.counters.gapsSeen++;
        this.counters.gapEventsLost += item.lost ?? 0;
        gaps.push(item);
      }
    }
    this.commits.accepted(pos);
    return { reports, gaps };
  }

  /**
   * A message read at `position` that holds nothing to aggregate (the app dead-lettered it): commits
   * may pass it. Throws `AggregatorError('INVALID_POSITION')`.
   */
  skip(position: SourcePosition): void {
    this.commits.accepted(parsePosition(position));
  }

  /** Closes every aggregate whose hold has passed on the clock since its last event; returns their reports. */
  tick(): MonitorMessage[] {
    const now = this.engine.clock.now();
    const out: MonitorMessage[] = [];
    for (const agg of this.engine.store.all()) {
      if (now - agg.lastSeenMs >= agg.holdMs) this.engine.close(agg, out);
    }
    return out;
  }

  /** Closes every aggregate now (shutdown); after these are published, every accepted offset is safe. */
  flushAll(): MonitorMessage[] {
    const out: MonitorMessage[] = [];
    for (const agg of this.engine.store.all()) this.engine.close(agg, out);
    return out;
  }

  /**
   * Per partition, the Kafka offset to commit (the next offset to read, as a string): the lowest
   * offset a live window pins, or the highest accepted offset + 1. Partitions never accepted are
   * absent.
   */
  safeCommitOffsets(): Map<number, string> {
    return this.commits.safeOffsets(this.engine.store.live());
  }

  /**
   * Forgets revoked partitions (rebalance). Aggregates holding only their events are discarded
   * (counted in `revokeDiscards`): the new owner re-reads them from the committed offset.
   * Aggregates that also hold events of kept partitions are flushed instead, so those events are
   * not lost; their reports are returned (`revokeFlushes`).
   */
  dropPartitions(partitions: Iterable<number>): MonitorMessage[] {
    const revoked = new Set(partitions);
    const out: MonitorMessage[] = [];
    for (const agg of this.engine.store.all()) {
      const pinned = [...agg.pins.keys()];
      const lost = pinned.filter((p) => revoked.has(p)).length;
      if (lost === 0) continue;
      if (lost === pinned.length) {
        this.engine.store.remove(agg);
        this.counters.revokeDiscards++;
      } else {
        this.counters.revokeFlushes++;
        this.engine.close(agg, out);
      }
    }
    this.commits.drop(revoked);
    return out;
  }

  /** Live aggregates. */
  size(): number {
    return this.engine.store.size;
  }

  metrics(): AggregatorMetrics {
    return { ...this.counters, aggregates: this.engine.store.size };
  }

  private route(m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): void {
    this.counters.messagesIn++;
    this.rules.route(m, pos, out);
  }
}
