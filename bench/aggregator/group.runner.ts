import { randomUUID } from 'node:crypto';
import type { EmbeddedKafka } from '@fsmon/embedded';
import { freePort } from '@fsmon/testing';
import { AggregatorProcess } from '../../apps/aggregator/test/support/aggregator.process';
import { metricSample } from '../../apps/aggregator/test/support/metric-sample';

export interface GroupRun {
  instances: number;
  /** Partitions each instance held at the end. */
  split: number[];
  acceptSeconds: number;
  eventsPerSec: number;
  /**
   * Group joins that dropped live windows (an instance joined after another had started reading).
   * When above 0 the time includes re-reading from the committed offsets, and the end is when
   * every partition's lag reached 0 (as refreshed every LAG_REFRESH_MS), not the events count.
   */
  resyncs: number;
  /** Events accepted by all instances, re-reads included. */
  accepted: number;
}

const LAG_REFRESH_MS = 250;

interface Sample {
  eventsIn: number;
  resyncs: number;
  partitions: number[];
  /** Lag per partition as this instance last refreshed it. */
  lag: Map<number, number>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function value(text: string, name: string): number {
  return metricSample(text, name) ?? 0;
}

async function sample(p: AggregatorProcess): Promise<Sample> {
  const [text, partitions] = await Promise.all([p.metricsText().catch(() => ''), p.partitions()]);
  const lag = new Map<number, number>();
  for (const [, partition, n] of text.matchAll(/^fsmon_aggregator_consumer_lag\{[^}]*partition="(\d+)"[^}]*\} (\S+)$/gm)) lag.set(Number(partition), Number(n));
  return { eventsIn: value(text, 'fsmon_aggregator_events_in_total'), resyncs: value(text, 'fsmon_aggregator_resyncs_total'), partitions: partitions ?? [], lag };
}

/** Every partition is held by exactly one instance, and that instance has read it to the end. */
function allRead(samples: Sample[], partitionCount: number): boolean {
  const held = samples.flatMap((s) => s.partitions.map((p) => s.lag.get(p)));
  return held.length === partitionCount && held.every((lag) => lag === 0);
}

/**
 * Starts `instances` aggregator processes in a fresh group over the backlog already on the
 * raw-events topic (`partitionCount` partitions) and times, over HTTP, from the first accepted
 * event to the last. Instances that boot far apart do not join the same generation: the first
 * reads alone, then the join of the next drops its windows and the group re-reads them; that cost
 * is included and reported (`resyncs`).
 */
export async function runGroup(broker: EmbeddedKafka, events: number, instances: number, partitionCount: number): Promise<GroupRun> {
  const env = {
    KAFKA_BROKERS: broker.bootstrap,
    LOG_LEVEL: 'warn',
    AGGREGATOR_GROUP_ID: `bench-group-${randomUUID().slice(0, 8)}`,
    AGGREGATOR_TICK_MS: '1000',
    AGGREGATOR_LAG_REFRESH_MS: String(LAG_REFRESH_MS),
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_MAX_WAIT_MS: '100',
  };
  const procs: AggregatorProcess[] = [];
  for (let i = 0; i < instances; i++) procs.push(new AggregatorProcess(`bench-aggregator-${i}`, await freePort(), env));
  try {
    const deadline = Date.now() + 180_000;
    let start = 0;
    for (;;) {
      const samples = await Promise.all(procs.map(sample));
      const now = performance.now();
      const accepted = sum(samples.map((s) => s.eventsIn));
      const resyncs = sum(samples.map((s) => s.resyncs));
      if (start === 0 && accepted > 0) start = now;
      const done = resyncs === 0 ? accepted >= events : allRead(samples, partitionCount);
      if (done) {
        const seconds = (now - start) / 1000;
        return { instances, split: samples.map((s) => s.partitions.length), acceptSeconds: seconds, eventsPerSec: events / seconds, resyncs, accepted };
      }
      if (Date.now() > deadline) throw new Error(`group bench: ${accepted} of ${events} events within 180 s\n${procs.map((p) => p.log()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}
