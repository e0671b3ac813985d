import { Counter, Gauge, register } from 'prom-client';
import type { LearnedRulesPublisher } from './learned-rules.publisher';
import type { RawEventPublisher } from './raw-event.publisher';
import type { StatusPublisher } from './status.publisher';

export interface DeliverySources {
  raw?: RawEventPublisher;
  learned?: LearnedRulesPublisher;
  status?: StatusPublisher;
}

type Sample = [Record<string, string>, number];
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
  gauge('fsmon_collector_delivery_queued_events', 'Raw events waiting to be delivered', ['where'], depth('events'));
  gauge('fsmon_collector_delivery_queued_bytes', 'Bytes of raw events waiting (spool: disk bytes)', ['where'], depth('bytes'));
  gauge('fsmon_collector_delivery_backing_off', 'Raw-event delivery is waiting for the broker (1) or not (0)', [], () => raw().map((s) => [{}, s.state === 'backing-off' ? 1 : 0]));
  counter('fsmon_collector_delivery_batches_sent_total', 'Raw-event batches acknowledged by the broker', [], () => raw().map((s) => [{}, s.sent.batches]));
  counter('fsmon_collector_delivery_events_sent_total', 'Raw events acknowledged by the broker', [], () => raw().map((s) => [{}, s.sent.events]));
  counter('fsmon_collector_delivery_dropped_events_total', 'Raw events dropped, by cause', ['cause'], () => raw().flatMap((s) => entries(s.dropped)));
  counter('fsmon_collector_delivery_send_errors_total', 'Failed raw-event sends (retried), by error code', ['code'], () => raw().flatMap((s) => entries(s.sendErrors, 'code')));
  gauge('fsmon_collector_learned_rules_pending', 'Learned rules not yet acknowledged', [], () => learned().map((s) => [{}, s.pending + s.unacknowledged]));
  counter('fsmon_collector_learned_rules_sent_total', 'Learned rules acknowledged by the broker', [], () => learned().map((s) => [{}, s.sent.rules]));
  counter('fsmon_collector_learned_rules_dropped_total', 'Learned rules dropped, by cause', ['cause'], () => learned().flatMap((s) => entries(s.dropped)));
  counter('fsmon_collector_learned_rules_send_errors_total', 'Failed learned-rules sends (kept and retried)', [], () => learned().map((s) => [{}, s.sendErrors]));
  counter('fsmon_collector_status_sent_total', 'Collector status messages acknowledged', [], () => status().map((s) => [{}, s.sent]));
  counter('fsmon_collector_status_send_errors_total', 'Collector status messages that could not be sent', [], () => status().map((s) => [{}, s.errors]));
  return () => live.delete(sources);
}

function entries(record: Partial<Record<string, number>>, label = 'cause'): Sample[] {
  return Object.entries(record).map(([k, v]) => [{ [label]: k }, v ?? 0]);
}

function gauge(name: string, help: string, labelNames: string[], read: () => Sample[]): void {
  if (register.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

function counter(name: string, help: string, labelNames: string[], read: () => Sample[]): void {
  if (register.getSingleMetric(name)) return;
  new Counter({
    name,
    help,
    labelNames,
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}
