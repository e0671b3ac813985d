import { Topics } from '@fsmon/contracts';
import { startEmbeddedKafka } from '@fsmon/embedded';
import { createKafka, EventPublisher, measurePlainKafkajsBaseline, type BaselineResult } from '@fsmon/kafka';
import { runApp, type AppRun } from './app.runner';
import { measureCosts, type CostBreakdown } from './cost.breakdown';
import { runGroup, type GroupRun } from './group.runner';
import { mixedTraffic, oneContainerFlood, type Workload } from './raw-events.workload';

const BASELINE_TOPIC = 'bench.aggregator-baseline';
/** The embedded broker keeps 5 MiB per partition; stay well below. */
const PARTITION_BUDGET = 3 * 1024 * 1024;
const SEND_BYTES = 4 * 1024 * 1024;

export interface WorkloadInfo {
  name: string;
  events: number;
  messages: number;
  bytes: number;
  partitions: number;
}

export interface BenchResult {
  throughput: {
    workload: WorkloadInfo;
    baseline: BaselineResult;
    baselineEventsPerSec: number;
    aggregator: AppRun;
    ratio: number;
    group?: GroupRun & { ratio: number };
    costs: CostBreakdown;
  };
  flood: { workload: WorkloadInfo; aggregator: AppRun };
}

export interface BenchOptions {
  events: number;
  perBatch: number;
  floodEvents: number;
  /** Also time a group of this many app processes (0: skip). */
  groupInstances: number;
}

function info(w: Workload, partitions: number): WorkloadInfo {
  return { name: w.name, events: w.events, messages: w.messages.length, bytes: w.bytes, partitions };
}

function partitionsFor(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / PARTITION_BUDGET));
}

async function produce(brokers: string[], w: Workload): Promise<void> {
  const publisher = new EventPublisher(createKafka({ brokers, clientId: 'bench-producer', logLevel: 'error' }));
  try {
    for (let i = 0, size = 0, from = 0; i <= w.messages.length; i++) {
      if (i === w.messages.length || size >= SEND_BYTES) {
        await publisher.publishRaw(Topics.RawEvents, w.messages.slice(from, i));
        from = i;
        size = 0;
      }
      size += w.messages[i]?.value.length ?? 0;
    }
  } finally {
    await publisher.disconnect();
  }
}

/**
 * 1. Raw events/s through the aggregator app vs plain kafkajs consuming as many messages of the
 *    same size in the same run (the Kafka lib's baseline), optionally a group of app processes, and
 *    the CPU cost per event of each stage. 2. Memory of the app under a one-container flood.
 */
export async function runAggregatorBench(opts: BenchOptions): Promise<BenchResult> {
  const mixed = mixedTraffic(opts.events, opts.perBatch);
  const partitions = partitionsFor(mixed.bytes);
  let broker = await startEmbeddedKafka({ topics: { [Topics.RawEvents]: partitions, [BASELINE_TOPIC]: partitions } });
  let throughput: BenchResult['throughput'];
  try {
    await produce(broker.brokers, mixed);
    const valueBytes = Math.round(mixed.bytes / mixed.messages.length);
    const baseline = await measurePlainKafkajsBaseline({
      brokers: broker.brokers,
      topic: BASELINE_TOPIC,
      messages: mixed.messages.length,
      valueBytes,
      batchSize: Math.max(1, Math.floor(SEND_BYTES / valueBytes)),
    });
    const baselineEventsPerSec = (baseline.consumeMsgsPerSec * mixed.events) / mixed.messages.length;
    const aggregator = await runApp(broker, mixed.events);
    const group = opts.groupInstances > 0 ? await runGroup(broker, mixed.events, opts.groupInstances) : undefined;
    throughput = {
      workload: info(mixed, partitions),
      baseline,
      baselineEventsPerSec,
      aggregator,
      ratio: aggregator.eventsPerSec / baselineEventsPerSec,
      group: group && { ...group, ratio: group.eventsPerSec / baselineEventsPerSec },
      costs: measureCosts(mixed),
    };
  } finally {
    await broker.stop();
  }

  const flood = oneContainerFlood(opts.floodEvents, opts.perBatch, 64);
  const floodPartitions = partitionsFor(flood.bytes);
  broker = await startEmbeddedKafka({ topics: { [Topics.RawEvents]: floodPartitions } });
  try {
    await produce(broker.brokers, flood);
    const aggregator = await runApp(broker, flood.events, true);
    return { throughput, flood: { workload: info(flood, floodPartitions), aggregator } };
  } finally {
    await broker.stop();
  }
}
