import { labelled, type Sample, scrapedMetric } from '../metrics/scraped-metric';
import type { LearnedRulesPublisher } from './learned-rules.publisher';
import type { RawEventPublisher } from './raw-event.publisher';
import type { StatusPublisher } from './status.publisher';

export interface DeliverySources {
  raw?: RawEventPublisher;
  learned?: LearnedRulesPublisher;
  status?: StatusPublisher;
}

const live = new Set<DeliverySources>();

/**
 * Exposes the publishers' figures in prom-client's default registry, read at scrape time (summed
 * over every exposed set: one per collector process in practice). Returns the removal.
 * Raw events: `fsmon_collector_delivery_queued_events` / `_queued_bytes` {where: open|memory|spool},
 * `_batches_sent_total`, `_events_sent_total`, `_dropped_events_total` {cause},
 * `_send_errors_total` {code}, `_backing_off`. Learned rules: `fsmon_collector_learned_rules_pending`,
 * `_sent_total`, `_dropped_total` {cause}, `_send_errors_total`. Status:
 * `fsmon_collector_status_sent_total`, `fsmon_collector_status_send_errors_total`.
 */
export function exposeDeliveryMetrics(sources: DeliverySources): () => void {
  live.add(sources);
  const raw = () => [...live].flatMap((s) => (s.raw ? [s.raw.stats()] : []));
  const learned = () => [...live].flatMap((s) => (s.learned ? [s.learned.stats()] : []));
  const status = () => [...live].flatMap((s) => (s.status ? [s.status.stats()] : []));
  const depth = (field: 'events' | 'bytes') => (): Sample[] =>
    raw().flatMap((s) => [
      [{ where: 'open' }, s.open[field]],
      [{ where: 'memory' }, s.memory[field]],
      [{ where: 'spool' }, field === 'events' ? s.spool.events : s.spool.diskBytes],
    ]);
  scrapedMetric('gauge', 'fsmon_collector_delivery_queued_events', 'Raw events waiting to be delivered', ['where'], depth('events'));
  scrapedMetric('gauge', 'fsmon_collector_delivery_queued_bytes', 'Bytes of raw events waiting (spool: disk bytes)', ['where'], depth('bytes'));
  scrapedMetric('gauge', 'fsmon_collector_delivery_backing_off', 'Raw-event delivery is waiting for the broker (1) or not (0)', [], () => raw().map((s) => [{}, s.state === 'backing-off' ? 1 : 0]));
  scrapedMetric('counter', 'fsmon_collector_delivery_batches_sent_total', 'Raw-event batches acknowledged by the broker', [], () => raw().map((s) => [{}, s.sent.batches]));
  scrapedMetric('counter', 'fsmon_collector_delivery_events_sent_total', 'Raw events acknowledged by the broker', [], () => raw().map((s) => [{}, s.sent.events]));
  scrapedMetric('counter', 'fsmon_collector_delivery_dropped_events_total', 'Raw events dropped, by cause', ['cause'], () => raw().flatMap((s) => labelled(s.dropped, 'cause')));
  scrapedMetric('counter', 'fsmon_collector_delivery_send_errors_total', 'Failed raw-event sends (retried), by error code', ['code'], () => raw().flatMap((s) => labelled(s.sendErrors, 'code')));
  scrapedMetric('gauge', 'fsmon_collector_learned_rules_pending', 'Learned rules not yet acknowledged', [], () => learned().map((s) => [{}, s.pending + s.unacknowledged]));
  scrapedMetric('counter', 'fsmon_collector_learned_rules_sent_total', 'Learned rules acknowledged by the broker', [], () => learned().map((s) => [{}, s.sent.rules]));
  scrapedMetric('counter', 'fsmon_collector_learned_rules_dropped_total', 'Learned rules dropped, by cause', ['cause'], () => learned().flatMap((s) => labelled(s.dropped, 'cause')));
  scrapedMetric('counter', 'fsmon_collector_learned_rules_send_errors_total', 'Failed learned-rules sends (kept and retried)', [], () => learned().map((s) => [{}, s.sendErrors]));
  scrapedMetric('counter', 'fsmon_collector_status_sent_total', 'Collector status messages acknowledged', [], () => status().map((s) => [{}, s.sent]));
  scrapedMetric('counter', 'fsmon_collector_status_send_errors_total', 'Collector status messages that could not be sent', [], () => status().map((s) => [{}, s.errors]));
  return () => live.delete(sources);
}
