import type { AggregatorMetrics } from '@fsmon/aggregator-domain';
import { Counter, Gauge, register } from 'prom-client';
import type { AggregationSnapshot } from '../raw-events/aggregation.snapshot';
import type { PartitionLag } from './partition-lag.reader';

/** What /metrics reads from one aggregator instance at scrape time. */
export interface AggregatorMetricsSource {
  snapshot(): AggregationSnapshot;
  lag(): ReadonlyMap<number, PartitionLag>;
}

const sources = new Set<AggregatorMetricsSource>();

type Read = (s: AggregationSnapshot) => number;

const COUNTERS: [name: string, help: string, read: Read][] = [
  ['events_in_total', 'Raw file events accepted', (s) => s.engine.eventsIn],
  ['batches_in_total', 'Raw-event messages (batches) accepted', (s) => s.batchesIn],
  ['gap_events_total', 'Gap events received (collectors that missed events)', (s) => s.engine.gapsSeen],
  ['gap_events_lost_total', 'Sum of the lost counts the gap events carried', (s) => s.engine.gapEventsLost],
  ['reports_built_total', 'Reports the grouping engine produced', (s) => s.engine.reportsOut],
  ['reports_out_total', 'Reports the broker acknowledged on fsmon.reports.v1', (s) => s.outbox.published],
  ['reports_dead_lettered_total', 'Reports the broker refused for good, sent to fsmon.dead-letters.v1', (s) => s.outbox.deadLettered],
  ['reports_lost_total', 'Reports neither topic would take (logged)', (s) => s.outbox.lost],
  ['publish_failures_total', 'Report sends that failed (retried)', (s) => s.outbox.sendFailures],
  ['commits_total', 'Offset commits made behind acknowledged reports', (s) => s.outbox.commits],
  ['commit_failures_total', 'Offset commits the broker refused (events re-read)', (s) => s.outbox.commitFailures],
  ['backpressure_seconds_total', 'Time consumption waited for the report queue to drain', (s) => s.outbox.backpressureMs / 1000],
  ['resyncs_total', 'Group joins that dropped live windows to rebuild them from committed offsets', (s) => s.resyncs],
  ['consumer_restarts_total', 'Raw-event consumers replaced (kafkajs gave up on them, or an engine worker crashed)', (s) => s.consumerRestarts],
  ['engine_worker_restarts_total', 'Engine worker threads replaced after a crash', (s) => s.engineStage.restarts],
];

const ENGINE_COUNTERS: (keyof AggregatorMetrics)[] = [
  'messagesIn',
  'immediateReports',
  'duplicatesAbsorbed',
  'upgrades',
  'packageWindows',
  'reReports',
  'pathSplits',
  'earlyFlushes',
  'closedQuiet',
  'revokeDiscards',
  'revokeFlushes',
];

/**
 * The aggregator's metrics in prom-client's default registry (prefix `fsmon_aggregator_`, label
 * `member` = the instance's client id), read from the registered sources at scrape time. Dead
 * letters of invalid raw events are the Kafka lib's `fsmon_kafka_dead_letters_total`. Returns a
 * function that unregisters `source`.
 */
export function exposeAggregatorMetrics(source: AggregatorMetricsSource): () => void {
  sources.add(source);
  for (const [name, help, read] of COUNTERS) counter(name, help, read);
  gauge('aggregates', 'Live aggregates (open windows)', ['member'], (set, s) => set({ member: s.member }, s.engine.aggregates));
  gauge('report_queue', 'Reports waiting for the broker', ['member'], (set, s) => set({ member: s.member }, s.outbox.pending));
  gauge('engine_events', 'Grouping engine counters since start, by name', ['member', 'counter'], (set, s) => {
    for (const c of ENGINE_COUNTERS) set({ member: s.member, counter: c }, s.engine[c]);
  });
  lagGauge('consumer_lag', 'Raw-event messages not yet read, per assigned partition', (l) => l.lag);
  lagGauge('uncommitted_messages', 'Raw-event messages read but not yet committed (in live windows), per partition', (l) => l.uncommitted);
  return () => sources.delete(source);
}

function counter(name: string, help: string, read: Read): void {
  const full = `fsmon_aggregator_${name}`;
  if (register.getSingleMetric(full)) return;
  new Counter({
    name: full,
    help,
    labelNames: ['member'],
    collect() {
      this.reset();
      for (const src of sources) {
        const s = src.snapshot();
        this.inc({ member: s.member }, read(s));
      }
    },
  });
}

type Setter = (labels: Record<string, string>, value: number) => void;

function gauge(name: string, help: string, labelNames: string[], fill: (set: Setter, s: AggregationSnapshot) => void): void {
  const full = `fsmon_aggregator_${name}`;
  if (register.getSingleMetric(full)) return;
  new Gauge({
    name: full,
    help,
    labelNames,
    collect() {
      this.reset();
      for (const src of sources) fill((labels, value) => this.set(labels, value), src.snapshot());
    },
  });
}

function lagGauge(name: string, help: string, read: (l: PartitionLag) => number): void {
  const full = `fsmon_aggregator_${name}`;
  if (register.getSingleMetric(full)) return;
  new Gauge({
    name: full,
    help,
    labelNames: ['member', 'partition'],
    collect() {
      this.reset();
      for (const src of sources) {
        const member = src.snapshot().member;
        for (const [partition, l] of src.lag()) this.set({ member, partition: String(partition) }, read(l));
      }
    },
  });
}
