import { randomUUID } from 'node:crypto';
import type { EmbeddedKafka } from '@fsmon/embedded';
import { AggregatorProcess, freePort } from '../../apps/aggregator/test/support/aggregator.process';

export interface GroupRun {
  instances: number;
  /** Partitions each instance held. */
  split: number[];
  acceptSeconds: number;
  eventsPerSec: number;
}

/**
 * Starts `instances` aggregator processes together in a fresh group (they join the group's first
 * generation, so the split holds from the start) and times, over HTTP, from the first accepted
 * event to the last.
 */
export async function runGroup(broker: EmbeddedKafka, events: number, instances: number): Promise<GroupRun> {
  const env = {
    KAFKA_BROKERS: broker.bootstrap,
    LOG_LEVEL: 'warn',
    AGGREGATOR_GROUP_ID: `bench-group-${randomUUID().slice(0, 8)}`,
    AGGREGATOR_TICK_MS: '1000',
    AGGREGATOR_LAG_REFRESH_MS: '0',
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_MAX_WAIT_MS: '100',
  };
  const procs: AggregatorProcess[] = [];
  for (let i = 0; i < instances; i++) procs.push(new AggregatorProcess(`bench-aggregator-${i}`, await freePort(), env));
  try {
    const accepted = async () => (await Promise.all(procs.map((p) => p.metric('fsmon_aggregator_events_in_total').catch(() => 0)))).reduce((a, b) => a + (b || 0), 0);
    const deadline = Date.now() + 120_000;
    let start = 0;
    let end = 0;
    while (end === 0) {
      if (Date.now() > deadline) throw new Error(`group bench: ${await accepted()} of ${events} events within 120 s\n${procs.map((p) => p.log()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const n = await accepted();
      if (start === 0 && n > 0) start = performance.now();
      if (n >= events) end = performance.now();
    }
    const split = await Promise.all(procs.map(async (p) => (await p.partitions())?.length ?? 0));
    return { instances, split, acceptSeconds: (end - start) / 1000, eventsPerSec: events / ((end - start) / 1000) };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}
