import type { MonitorMessage } from '@fsmon/contracts';
import { Aggregate, type AggregateKind } from './aggregate';
import type { AggregatorConfig } from './aggregator.config';
import type { AggregatorMetrics } from './aggregator.metrics';
import { AggregateStore } from './aggregate.store';
import type { Clock } from './clock';
import type { FileMessage } from './file-message';
import { buildReport } from './report.builder';
import type { ParsedPosition } from './source-position';

/**
 * The window mechanics shared by the grouping rules: creating aggregates (with the immediate
 * report and the caps), joining a message to a window, closing and re-opening windows, and the
 * event-time checks that make re-processing after a crash rebuild the same windows.
 */
export class WindowEngine {
  readonly store = new AggregateStore();

  constructor(
    readonly config: AggregatorConfig,
    readonly clock: Clock,
    readonly counters: AggregatorMetrics,
  ) {}

  /**
   * `agg` if `m` still belongs to it. Judged in event time (the events' `at`), never by the
   * clock: a message a hold or more after the aggregate's last event closes it; a message
   * past the window's maximum age reports the window and opens the next one with `m`.
   */
  live(agg: Aggregate | undefined, m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): Aggregate | undefined {
    if (agg === undefined || this.fresh(agg, m, out) === undefined) return undefined;
    const maxAge = agg.kind === 'package' ? this.config.packageMaxWindowMs : this.config.reReportMs;
    if (m.atMs - agg.startMs >= maxAge) {
      this.counters.reReports++;
      this.reopen(agg, m, pos, out);
    }
    return agg;
  }

  /**
   * `agg` unless `m` comes a hold or more after its last event (event time); then `agg` is
   * closed, exactly as `tick()` would have closed it had the clock kept pace with the events.
   */
  fresh(agg: Aggregate | undefined, m: FileMessage, out: MonitorMessage[]): Aggregate | undefined {
    if (agg === undefined || !isStale(agg, m)) return agg;
    this.close(agg, out);
    return undefined;
  }

  /** `m` joins `agg`'s window, counted or as a repeated observation; the hold restarts. */
  join(agg: Aggregate, m: FileMessage, pos: ParsedPosition, out: MonitorMessage[], counted: boolean): void {
    const now = this.clock.now();
    if (counted && !agg.fits([m.path], this.config.maxPathsPerReport, this.config.maxPathChars)) {
      this.counters.pathSplits++;
      this.reopen(agg, m, pos, out);
    }
    if (counted) agg.add(m, pos, now);
    else agg.touch(m, pos, now);
    agg.holdMs = agg.kind === 'package' ? this.config.packageHoldMs : this.config.holdMs;
    this.store.touched(agg);
  }

  /**
   * A new aggregate whose window `m` opens. A process aggregate reports `m` at once (Count 1) and
   * then accumulates; inotify and package aggregates hold `m` (counted) until they close. Not yet
   * in the store: the caller sets its index keys, then calls `register`.
   */
  create(kind: AggregateKind, identity: string, m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): Aggregate {
    const hold = kind === 'package' ? this.config.packageHoldMs : this.config.holdMs;
    const agg = new Aggregate(kind, identity, m, hold);
    agg.open(m, pos, this.clock.now());
    if (kind === 'process') {
      agg.markCounted(m.eventId);
      this.counters.immediateReports++;
      out.push(this.emit(agg, 'first', { path: m.path, msg: m.msg, count: 1 }));
    } else {
      agg.add(m, pos, this.clock.now());
    }
    return agg;
  }

  /** Adds `agg` to the store, flushing the least recently updated aggregates early if a cap is reached. */
  register(agg: Aggregate, out: MonitorMessage[]): void {
    const { maxAggregatesPerContainer, maxAggregates } = this.config;
    const over = () =>
      this.store.countIn(agg.containerKey) >= maxAggregatesPerContainer
        ? this.store.oldestIn(agg.containerKey)
        : this.store.size >= maxAggregates
          ? this.store.oldest()
          : undefined;
    for (let old = over(); old !== undefined; old = over()) {
      this.counters.earlyFlushes++;
      this.close(old, out);
    }
    this.store.add(agg);
  }

  /** Removes `agg`, reporting what its window still holds. */
  close(agg: Aggregate, out: MonitorMessage[]): void {
    this.store.remove(agg);
    if (agg.count > 0) out.push(this.windowReport(agg));
    else this.counters.closedQuiet++;
  }

  /** Reports what `agg`'s window holds and opens the next window with `m`. */
  reopen(agg: Aggregate, m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): void {
    if (agg.count > 0) out.push(this.windowReport(agg));
    agg.open(m, pos, this.clock.now());
  }

  private windowReport(agg: Aggregate): MonitorMessage {
    return this.emit(agg, 'window', { path: agg.pathList(), msg: agg.reportMsg(), count: agg.count });
  }

  private emit(agg: Aggregate, role: 'first' | 'window', content: Parameters<typeof buildReport>[2]): MonitorMessage {
    this.counters.reportsOut++;
    return buildReport(agg, role, content, this.clock.now());
  }
}

/** Whether `m` comes a hold or more after `agg`'s last event, in event time. */
export function isStale(agg: Aggregate, m: FileMessage): boolean {
  return m.atMs - agg.lastAtMs >= agg.holdMs;
}
