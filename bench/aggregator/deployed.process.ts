import { randomUUID } from 'node:crypto';
import { APP_NODE_FLAGS } from '@fsmon/config';
import { Topics } from '@fsmon/contracts';
import { startEmbeddedKafka } from '@fsmon/embedded';
import { createKafka, EventPublisher } from '@fsmon/kafka';
import { freePort } from '@fsmon/testing';
import { AggregatorProcess } from '../../apps/aggregator/test/support/aggregator.process';
import { metricSample } from '../../apps/aggregator/test/support/metric-sample';
import { STEADY_FROM } from './aggregator.bench';
import { measureSameMessagesBaseline } from './same-messages.baseline';
import { threadCpu, type ThreadCpu } from './thread-cpu';
import { mixedTraffic } from './raw-events.workload';

/** Polled this often: the app's own /metrics, so rarely enough not to load it. */
const POLL_MS = 100;
const PARTITIONS = 27;

export interface DeployedRound {
  /** '' = no flags. */
  flags: string;
  eventsPerSec: number;
  /** Events/s from STEADY_FROM of the events on (the crossing interpolated between polls): the app's JIT warm-up left out. */
  steadyEventsPerSec: number;
  /** The app's main-thread collections over its whole life (start-up included), from its /metrics. */
  gc: { major: number; minor: number };
  rssMB: number;
  /** CPU µs per event while accepting, from /proc: the whole app process and its busiest thread (the engine worker, in practice). */
  cpuUsPerEvent: { process: number; busiestThread: number };
}

export interface DeployedResult {
  events: number;
  /** The raw-event batches' wire form (FSMON_BENCH_RAW_FORM). */
  form: number;
  /** Plain kafkajs as shipped on the app's messages, by round: the goal's baseline. */
  sameMessagesEventsPerSec: number[];
  /** Its steady rate (from STEADY_FROM of the messages on), by round. */
  steadySameMessagesEventsPerSec: number[];
  /** The same with fsmon's GZIP codec (the app's own): consuming this topic alone in this stack. */
  sameMessagesFsmonCodecEventsPerSec: number[];
  rounds: DeployedRound[];
}

const metric = (text: string, name: string, labels?: string) => metricSample(text, name, labels) ?? 0;

/** The app from source tree `root` (this one by default) with `flags`, until it accepted `events` raw events. */
export async function runDeployed(bootstrap: string, events: number, flags: readonly string[], root?: string): Promise<DeployedRound> {
  const app = new AggregatorProcess(
    'bench-deployed',
    await freePort(),
    { KAFKA_BROKERS: bootstrap, LOG_LEVEL: 'warn', AGGREGATOR_GROUP_ID: `bench-deployed-${randomUUID().slice(0, 8)}`, AGGREGATOR_LAG_REFRESH_MS: '0', KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_MAX_WAIT_MS: '100' },
    flags,
    root,
  );
  try {
    const pid = app.pid;
    if (pid === undefined) throw new Error(`deployed aggregator did not start\n${app.log()}`);
    const deadline = Date.now() + 180_000;
    let start = 0;
    let cpuAtStart: ThreadCpu = new Map();
    let steadyAt = 0;
    let before = { at: 0, eventsIn: 0 };
    for (;;) {
      const text = await app.metricsText().catch(() => '');
      const eventsIn = metric(text, 'fsmon_aggregator_events_in_total');
      const now = performance.now();
      if (start === 0 && eventsIn > 0) {
        start = now;
        cpuAtStart = threadCpu(pid);
      }
      const mark = events * STEADY_FROM;
      if (steadyAt === 0 && eventsIn >= mark) steadyAt = before.at + ((now - before.at) * (mark - before.eventsIn)) / (eventsIn - before.eventsIn);
      before = { at: now, eventsIn };
      if (eventsIn >= events) {
        return {
          flags: flags.join(' '),
          eventsPerSec: events / ((now - start) / 1000),
          steadyEventsPerSec: (events * (1 - STEADY_FROM)) / ((now - steadyAt) / 1000),
          gc: { major: metric(text, 'fsmon_nodejs_gc_duration_seconds_count', 'kind="major"'), minor: metric(text, 'fsmon_nodejs_gc_duration_seconds_count', 'kind="minor"') },
          rssMB: metric(text, 'fsmon_process_resident_memory_bytes') / 1e6,
          cpuUsPerEvent: cpuPerEvent(cpuAtStart, threadCpu(pid), events),
        };
      }
      if (Date.now() > deadline) throw new Error(`deployed aggregator: ${eventsIn} of ${events} events within 180 s\n${app.log()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await app.stop();
  }
}

function cpuPerEvent(from: ThreadCpu, to: ThreadCpu, events: number): DeployedRound['cpuUsPerEvent'] {
  const used = [...to].map(([tid, ns]) => ns - (from.get(tid) ?? 0));
  const us = (ns: number) => ns / 1e3 / events;
  return { process: us(used.reduce((a, b) => a + b, 0)), busiestThread: us(Math.max(0, ...used)) };
}

/**
 * The embedded broker with the mixed-traffic workload of `events` raw events on its raw-events
 * topic (the workload itself dropped once produced); `run` gets its bootstrap and broker list.
 */
export async function withWorkload<T>(events: number, run: (broker: { bootstrap: string; brokers: string[]; messages: number; form: number }) => Promise<T>): Promise<T> {
  let workload: ReturnType<typeof mixedTraffic> | undefined = mixedTraffic(events, 100);
  const { form } = workload;
  const messages = workload.messages.length;
  const broker = await startEmbeddedKafka({ topics: { [Topics.RawEvents]: PARTITIONS } });
  try {
    const publisher = new EventPublisher(createKafka({ brokers: broker.brokers, clientId: 'bench-producer', logLevel: 'error' }));
    for (let i = 0; i < messages; i += 40) await publisher.publishRaw(Topics.RawEvents, workload.messages.slice(i, i + 40));
    await publisher.disconnect();
    workload = undefined;
    return await run({ bootstrap: broker.bootstrap, brokers: broker.brokers, messages, form });
  } finally {
    await broker.stop();
  }
}

/**
 * The aggregator as deployed: its own process (from sources, which register-ts caches as the
 * compiled JS), with and without APP_NODE_FLAGS.aggregator, alternately; plain kafkajs on the same
 * messages in this process before each pair, for scale. Its main isolate starts clean, as in
 * production, unlike the in-process app of aggregator.bench (whose heap the bench has grown).
 */
export async function runDeployedBench(events: number, rounds: number): Promise<DeployedResult> {
  return withWorkload(events, async (broker) => {
    const { messages } = broker;
    const result: DeployedResult = { events, form: broker.form, sameMessagesEventsPerSec: [], steadySameMessagesEventsPerSec: [], sameMessagesFsmonCodecEventsPerSec: [], rounds: [] };
    for (let r = 0; r < rounds; r++) {
      const plain = await measureSameMessagesBaseline(broker.brokers, Topics.RawEvents, messages, events / messages, STEADY_FROM, 'kafkajs');
      result.sameMessagesEventsPerSec.push(plain.consumeMsgsPerSec * (events / messages));
      result.steadySameMessagesEventsPerSec.push(plain.steadyMsgsPerSec * (events / messages));
      const sized = await measureSameMessagesBaseline(broker.brokers, Topics.RawEvents, messages, events / messages, STEADY_FROM, 'fsmon');
      result.sameMessagesFsmonCodecEventsPerSec.push(sized.consumeMsgsPerSec * (events / messages));
      for (const flags of r % 2 === 0 ? [[], APP_NODE_FLAGS.aggregator] : [APP_NODE_FLAGS.aggregator, []]) result.rounds.push(await runDeployed(broker.bootstrap, events, flags));
    }
    return result;
  });
}
