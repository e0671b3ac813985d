import { register } from 'prom-client';
import type { CollectorViews } from '../core/collector.views';
import type { CollectorPipeline } from '../core/collector.pipeline';
import { labelled, scrapedMetric } from '../metrics/scraped-metric';

/**
 * Exposes the collector core's figures in prom-client's default registry, read at scrape time:
 * `fsmon_collector_kernel_events_total` {source}, `fsmon_collector_events_total` {kind} (reported),
 * `fsmon_collector_not_reported_total` {reason}, `fsmon_collector_drops_total` {cause},
 * `fsmon_collector_overflows_total` {queue}, `fsmon_collector_gaps_total` {reason},
 * `fsmon_collector_rescans_total`, gauges `fsmon_collector_marks`, `fsmon_collector_inotify_watches`,
 * `fsmon_collector_watched_dirs`, `fsmon_collector_watched_files`, `fsmon_collector_workloads`,
 * `fsmon_collector_queue_depth` {queue}, `fsmon_collector_reader_stops_total` {source},
 * `fsmon_collector_reader_reopens_total` {source}, `fsmon_collector_reader_reopen_failures_total`
 * {outcome}, `fsmon_collector_inotify_watch_errors_total` {code}; with the protect module `fsmon_collector_protect_denials_total`
 * {outcome: blocked | unauthorized}, `fsmon_collector_protect_suspended` and
 * `fsmon_collector_protect_watchdog_trips_total`. Returns the removal.
 */
export function exposeCollectorMetrics(pipeline: CollectorPipeline, views: CollectorViews): () => void {
  const p = pipeline.parts;
  const metrics = [
    scrapedMetric('counter', 'fsmon_collector_kernel_events_total', 'Kernel events read, by source', ['source'], () => [[{ source: 'fanotify' }, p.intakeCounters.fanotify], [{ source: 'inotify' }, p.intakeCounters.inotify]]),
    scrapedMetric('counter', 'fsmon_collector_events_total', 'Raw file events reported, by kind', ['kind'], () => labelled(p.passCounters.reported, 'kind')),
    scrapedMetric('counter', 'fsmon_collector_not_reported_total', 'Classified events the send rules hold back, by reason', ['reason'], () => labelled(p.passCounters.notReported, 'reason')),
    scrapedMetric('counter', 'fsmon_collector_drops_total', 'Events dropped, by cause', ['cause'], () => labelled(views.drops(), 'cause')),
    scrapedMetric('counter', 'fsmon_collector_overflows_total', 'Queue overflows (kernel queues, the coalescing window)', ['queue'], () => [
      [{ queue: 'fanotify' }, p.kernel.fanotifyCounters().overflows],
      [{ queue: 'inotify' }, p.kernel.inotifyCounters()?.overflows ?? 0],
      [{ queue: 'window' }, p.passCounters.gaps['coalescer-full'] ?? 0],
    ]),
    scrapedMetric('counter', 'fsmon_collector_gaps_total', 'Gap events published, by reason', ['reason'], () => labelled(p.passCounters.gaps, 'reason')),
    scrapedMetric('counter', 'fsmon_collector_rescans_total', 'Rescans after gaps', [], () => [[{}, p.passCounters.rescans]]),
    scrapedMetric('gauge', 'fsmon_collector_marks', 'fanotify marks (one per inode)', [], () => [[{}, p.marks.marks]]),
    scrapedMetric('gauge', 'fsmon_collector_inotify_watches', 'inotify watches', [], () => [[{}, p.marks.watches]]),
    scrapedMetric('gauge', 'fsmon_collector_watched_dirs', 'Watched directories, all workloads', [], () => [[{}, sum((w) => w.dirs.size)]]),
    scrapedMetric('gauge', 'fsmon_collector_watched_files', 'Watched files (covered children and own-marked files)', [], () => [[{}, sum((w) => w.counts().children + w.files.size)]]),
    scrapedMetric('gauge', 'fsmon_collector_workloads', 'Watched workloads (the host and containers)', [], () => [[{}, sum(() => 1)]]),
    scrapedMetric('gauge', 'fsmon_collector_queue_depth', 'Work waiting, by queue', ['queue'], () => [
      [{ queue: 'window' }, p.coalescer.size],
      [{ queue: 'hash' }, p.hasher.queued],
    ]),
    scrapedMetric('counter', 'fsmon_collector_reader_stops_total', 'Kernel readers that stopped (read error, bad record, worker died), by source', ['source'], () => labelled(p.recovery.counters.stopped, 'source')),
    scrapedMetric('counter', 'fsmon_collector_reader_reopens_total', 'Kernel sources reopened after their reader stopped, by source', ['source'], () => labelled(p.recovery.counters.reopened, 'source')),
    scrapedMetric('counter', 'fsmon_collector_reader_reopen_failures_total', 'Reopen attempts that failed (retried with backoff), and sources given up', ['outcome'], () => [
      [{ outcome: 'retried' }, p.recovery.counters.failedAttempts - p.recovery.counters.givenUp],
      [{ outcome: 'given-up' }, p.recovery.counters.givenUp],
    ]),
    scrapedMetric('counter', 'fsmon_collector_inotify_watch_errors_total', 'inotify watches that could not be added, by error code', ['code'], () => labelled(p.watchErrors.counters.byCode, 'code')),
    scrapedMetric('counter', 'fsmon_collector_protect_denials_total', 'Opens refused: blocked by the kernel, or let through but refused by the allow check (unauthorized)', ['outcome'], () =>
      labelled(views.denials(), 'outcome'),
    ),
    scrapedMetric('gauge', 'fsmon_collector_protect_suspended', 'Permission enforcement suspended by the stall watchdog (1) or not (0)', [], () => [[{}, views.protect()?.suspended === true ? 1 : 0]]),
    scrapedMetric('counter', 'fsmon_collector_protect_watchdog_trips_total', 'Stall watchdog trips (enforcement suspended)', [], () => [[{}, views.protect()?.counters['watchdog.trips'] ?? 0]]),
  ];
  function sum(f: (w: ReturnType<typeof p.manager.get> & object) => number): number {
    let n = 0;
    for (const w of p.manager.all()) n += f(w);
    return n;
  }
  return () => {
    for (const m of metrics) register.removeSingleMetric(m);
  };
}
