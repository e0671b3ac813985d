import { Topics } from '@fsmon/contracts';
import { startEmbeddedKafka } from '@fsmon/embedded';
import { createKafka, EventPublisher, measurePlainKafkajsBaseline, type BaselineResult } from '@fsmon/kafka';
import { runApp, type AppRun } from './app.runner';
import { measureCosts, type CostBreakdown } from './cost.breakdown';
import { runGroup, type GroupRun } from './group.runner';
import { measureSameMessagesBaseline, type SameMessagesBaseline } from './same-messages.baseline';
import { mixedTraffic, oneContainerFlood, type Workload } from './raw-events.workload';

const BASELINE_TOPIC = 'bench.aggregator-baseline';
/**
 * Baseline and app are timed alternately this many times, and the best of each is compared: on a
 * shared machine one phase can land in a busy moment and the other in a quiet one.
 */
const ROUNDS = 2;
/**
 * The steady ratio times app and same-messages baseline alike from the batch that brought this
 * share of the events to the end. Each app round starts a fresh engine worker thread whose code
 * V8 has not optimized yet (the first tenth of the events took 140–200 ms against 50–80 ms for each
 * later tenth), while plain kafkajs runs on the bench's long-warm main thread; a running
 * aggregator's workers are warm.
 */
export const STEADY_FROM = 0.1;
/** The embedded broker keeps 5 MiB per partition; stay well below. */
const PARTITION_BUDGET = 3 * 1024 * 1024;
const SEND_BYTES = 4 * 1024 * 1024;

export interface WorkloadInfo {
  name: string;
  /** The batches' wire form (raw-events.workload's RawForm). */
  form: number;
  events: number;
  messages: number;
  bytes: number;
  partitions: number;
}

export interface BenchResult {
  throughput: {
    workload: WorkloadInfo;
    /** The best of the rounds. */
    baseline: BaselineResult;
    baselineEventsPerSec: number;
    aggregator: AppRun;
    /** The best app round / the best filler baseline (uncompressed values of the same size). */
    ratio: number;
    /** The best of plain kafkajs reading the raw-events topic itself (the app's very messages, compressed as collectors send them). */
    sameMessages: SameMessagesBaseline;
    sameMessagesEventsPerSec: number;
    /** The best app round / the best same-messages baseline: the goal (>= 0.7), start-up included. */
    sameMessagesRatio: number;
    /** The best of plain kafkajs on the same messages with fsmon's GZIP codec (the app's own consumer's): consuming this topic alone in this stack. */
    sameMessagesFsmonCodecEventsPerSec: number;
    /** The best app round / that. */
    sameMessagesFsmonCodecRatio: number;
    /** The same from STEADY_FROM of the events on, for both (the best steady rate of each). */
    steadyRatio: number;
    steadyEventsPerSec: { sameMessages: number; aggregator: number };
    /** Every round, in the order run (filler baseline, same-messages baseline, app). */
    rounds: { baselineEventsPerSec: number; sameMessagesEventsPerSec: number; aggregatorEventsPerSec: number; steadySameMessages: number; steadyAggregator: number }[];
    group?: GroupRun & { ratio: number; sameMessagesRatio: number };
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
  return { name: w.name, form: w.form, events: w.events, messages: w.messages.length, bytes: w.bytes, partitions };
}

function best<T>(runs: T[], rate: (run: T) => number): T {
  return runs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
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
 * 1. Raw events/s through the aggregator app vs plain kafkajs consuming, in the same run, the
 *    app's very messages (the raw-events topic, GZIP as collectors send it) and as many
 *    uncompressed messages of the same size (the Kafka lib's baseline), timed alternately ROUNDS
 *    times, best of each; optionally a group of app processes; and the CPU cost per event of each stage.
 * 2. Memory of the app under a one-container flood.
 */
export async function runAggregatorBench(opts: BenchOptions): Promise<BenchResult> {
  const mixed = mixedTraffic(opts.events, opts.perBatch);
  const partitions = partitionsFor(mixed.bytes);
  const baselineTopics = Array.from({ length: ROUNDS }, (_, i) => `${BASELINE_TOPIC}.${i}`);
  const topics = Object.fromEntries([Topics.RawEvents, ...baselineTopics].map((t) => [t, partitions]));
  let broker = await startEmbeddedKafka({ topics });
  let throughput: BenchResult['throughput'];
  try {
    await produce(broker.brokers, mixed);
    const valueBytes = Math.round(mixed.bytes / mixed.messages.length);
    const baselines: BaselineResult[] = [];
    const sames: SameMessagesBaseline[] = [];
    const samesFsmonCodec: SameMessagesBaseline[] = [];
    const apps: AppRun[] = [];
    for (const topic of baselineTopics) {
      const batchSize = Math.max(1, Math.floor(SEND_BYTES / valueBytes));
      baselines.push(await measurePlainKafkajsBaseline({ brokers: broker.brokers, topic, messages: mixed.messages.length, valueBytes, batchSize }));
      sames.push(await measureSameMessagesBaseline(broker.brokers, Topics.RawEvents, mixed.messages.length, mixed.events / mixed.messages.length, STEADY_FROM, 'kafkajs'));
      samesFsmonCodec.push(await measureSameMessagesBaseline(broker.brokers, Topics.RawEvents, mixed.messages.length, mixed.events / mixed.messages.length, STEADY_FROM, 'fsmon'));
      apps.push(await runApp(broker, mixed.events, false, STEADY_FROM));
    }
    const perEvent = mixed.events / mixed.messages.length;
    const baseline = best(baselines, (b) => b.consumeMsgsPerSec);
    const baselineEventsPerSec = baseline.consumeMsgsPerSec * perEvent;
    const sameMessages = best(sames, (b) => b.consumeMsgsPerSec);
    const sameMessagesEventsPerSec = sameMessages.consumeMsgsPerSec * perEvent;
    const aggregator = best(apps, (a) => a.eventsPerSec);
    const sameMessagesFsmonCodecEventsPerSec = best(samesFsmonCodec, (b) => b.consumeMsgsPerSec).consumeMsgsPerSec * perEvent;
    const steadySame = Math.max(...sames.map((b) => b.steadyMsgsPerSec)) * perEvent;
    const steadyApp = Math.max(...apps.map((a) => a.steadyEventsPerSec));
    const group = opts.groupInstances > 0 ? await runGroup(broker, mixed.events, opts.groupInstances, partitions) : undefined;
    throughput = {
      workload: info(mixed, partitions),
      baseline,
      baselineEventsPerSec,
      aggregator,
      ratio: aggregator.eventsPerSec / baselineEventsPerSec,
      sameMessages,
      sameMessagesEventsPerSec,
      sameMessagesRatio: aggregator.eventsPerSec / sameMessagesEventsPerSec,
      sameMessagesFsmonCodecEventsPerSec,
      sameMessagesFsmonCodecRatio: aggregator.eventsPerSec / sameMessagesFsmonCodecEventsPerSec,
      steadyRatio: steadyApp / steadySame,
      steadyEventsPerSec: { sameMessages: steadySame, aggregator: steadyApp },
      rounds: baselines.map((b, i) => ({
        baselineEventsPerSec: b.consumeMsgsPerSec * perEvent,
        sameMessagesEventsPerSec: sames[i].consumeMsgsPerSec * perEvent,
        aggregatorEventsPerSec: apps[i].eventsPerSec,
        steadySameMessages: sames[i].steadyMsgsPerSec * perEvent,
        steadyAggregator: apps[i].steadyEventsPerSec,
      })),
      group: group && { ...group, ratio: group.eventsPerSec / baselineEventsPerSec, sameMessagesRatio: group.eventsPerSec / sameMessagesEventsPerSec },
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
    const aggregator = await runApp(broker, flood.events, true, STEADY_FROM);
    return { throughput, flood: { workload: info(flood, floodPartitions), aggregator } };
  } finally {
    await broker.stop();
  }
}
