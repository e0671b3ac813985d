import { startEmbeddedKafka, startEmbeddedRedis } from '@fsmon/embedded';
import { createRedisClient } from '@fsmon/redis';
import { FANOUT_TOPIC, KafkaFanout } from './kafka-fanout.baseline';
import { jitter, summarize, type LatencySummary } from './latency.stats';
import { ChangeWorkload, createGroups, nodeContainers } from './policy-changes.workload';
import { adminCall, startPolicyApp } from './policy-app.runner';
import { commandStats, monitorTraffic, type RedisTraffic, statsDelta } from './redis-traffic';
import { benchConsumer, SimulatedCollector } from './simulated-collector';

export interface PolicyBenchOptions {
  collectors: number;
  /** Changes timed end to end. */
  changes: number;
  /** Changes whose Redis traffic is recorded with MONITOR (after the timed ones). */
  monitoredChanges: number;
  containersPerNode: number;
  /** The consumers' fetch wait (ms); the collector's default is 200. */
  maxWaitMs: number;
}

export interface PolicyBenchResult {
  options: PolicyBenchOptions;
  policyBytes: number;
  /** REST change sent → every collector applied it (ms). */
  push: LatencySummary;
  /** REST change sent → answer (commit in Redis, push acknowledged by the broker). */
  rest: LatencySummary;
  /** Baseline, sampled after each change: the same producer → as many plain kafkajs consumers (ms), and its broker acks. */
  kafkaFanout: LatencySummary;
  produceAck: LatencySummary;
  /** Baseline: one SET through @fsmon/redis (ms). */
  redisSet: LatencySummary;
  /** Per change, from MONITOR over `monitoredChanges` changes. */
  redisPerChange: { roundTrips: number; byCommand: Record<string, number>; inScripts: Record<string, number> };
  /** Per change over the timed changes, from INFO commandstats (scripted commands included). */
  commandsPerChange: Record<string, number>;
  pushedHeader: Record<string, number>;
  /**
   * CPU time of this whole process (app, 10 collectors, Kafka clients) per change, from the request
   * to the last collector's apply; and per baseline message. Less sensitive to other load than wall time.
   */
  cpuMsPerChange: number;
  cpuMsPerFanout: number;
}

const WAIT_MS = 15_000;
const per = (m: Record<string, number>, n: number) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v / n]));

/** See run.js. Everything it starts is stopped before it returns or throws. */
export async function runPolicyBench(opts: PolicyBenchOptions): Promise<PolicyBenchResult> {
  const broker = await startEmbeddedKafka({ topics: { [FANOUT_TOPIC]: 1 } });
  const redis = await startEmbeddedRedis();
  const cleanup: (() => Promise<unknown>)[] = [() => redis.stop(), () => broker.stop()];
  try {
    const policy = await startPolicyApp(broker.brokers, redis.url);
    cleanup.unshift(() => policy.app.close());
    await createGroups(policy.base);
    const start = (await adminCall(policy.base, 'GET', '/groups')).body as { revision: number };

    const consumer = benchConsumer(opts.maxWaitMs);
    const collectors = Array.from({ length: opts.collectors }, (_, i) => new SimulatedCollector(broker.brokers, `bench-collector-${i}`, nodeContainers(i, opts.containersPerNode), consumer));
    cleanup.unshift(() => Promise.all(collectors.map((c) => c.stop())));
    for (const c of collectors) c.start();
    await Promise.all(collectors.map((c) => c.appliedAt(start.revision, 60_000)));

    const sample = JSON.stringify((await adminCall(policy.base, 'GET', '/groups/bench-0')).body);
    const fanout = new KafkaFanout(broker.brokers, { consumers: opts.collectors, value: Buffer.from(sample), consumer });
    cleanup.unshift(() => fanout.stop());
    await fanout.start();

    const workload = new ChangeWorkload(policy.base);
    const pushedHeader: Record<string, number> = {};
    const pushMs: number[] = [];
    const restMs: number[] = [];
    const fanoutMs: number[] = [];
    const ackMs: number[] = [];
    const cpu = { change: 0, fanout: 0 };
    const cpuSince = (start: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(start);
      return (d.user + d.system) / 1000;
    };
    // One policy change, then one baseline message: both under the same load at the same time.
    const timedChange = async (i: number) => {
      await new Promise((r) => setTimeout(r, jitter(i)));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const answer = await workload.send(i);
      restMs.push(performance.now() - t0);
      pushedHeader[answer.push ?? 'none'] = (pushedHeader[answer.push ?? 'none'] ?? 0) + 1;
      const applied = await Promise.all(collectors.map((c) => c.appliedAt(answer.revision, WAIT_MS)));
      pushMs.push(Math.max(...applied) - t0);
      cpu.change += cpuSince(cpu0);
      for (const c of collectors) c.forget(answer.revision);
      await new Promise((r) => setTimeout(r, jitter(i + 17)));
      const cpu1 = process.cpuUsage();
      const base = await fanout.sample();
      cpu.fanout += cpuSince(cpu1);
      fanoutMs.push(base.fanoutMs);
      ackMs.push(base.ackMs);
    };

    // Warm-up: JIT, connections, scripts loaded.
    for (let i = 0; i < 10; i++) await timedChange(i);
    for (const list of [pushMs, restMs, fanoutMs, ackMs]) list.length = 0;
    for (const k of Object.keys(pushedHeader)) delete pushedHeader[k];
    cpu.change = cpu.fanout = 0;

    const before = await commandStats(redis.port);
    for (let i = 10; i < 10 + opts.changes; i++) await timedChange(i);
    const commandsPerChange = per(statsDelta(before, await commandStats(redis.port)), opts.changes);

    const traffic: RedisTraffic = await monitorTraffic(redis.port, async () => {
      for (let i = 10 + opts.changes; i < 10 + opts.changes + opts.monitoredChanges; i++) await workload.send(i);
    });
    const roundTrips = Object.values(traffic.roundTrips).reduce((a, b) => a + b, 0) / opts.monitoredChanges;
    const redisSet = await measureRedisSet(redis.url, 500);

    return {
      options: opts,
      policyBytes: Buffer.byteLength(sample),
      push: summarize(pushMs),
      rest: summarize(restMs),
      kafkaFanout: summarize(fanoutMs),
      produceAck: summarize(ackMs),
      redisSet,
      redisPerChange: { roundTrips, byCommand: per(traffic.roundTrips, opts.monitoredChanges), inScripts: per(traffic.inScripts, opts.monitoredChanges) },
      commandsPerChange,
      pushedHeader,
      cpuMsPerChange: cpu.change / opts.changes,
      cpuMsPerFanout: cpu.fanout / opts.changes,
    };
  } finally {
    for (const stop of cleanup) await stop().catch((e: unknown) => console.error(`policy bench cleanup: ${(e as Error).message}`));
  }
}

/** One SET at a time through the same Redis client stack as the app (@fsmon/redis over ioredis). */
async function measureRedisSet(url: string, n: number): Promise<LatencySummary> {
  const store = createRedisClient({ url, keyPrefix: 'bench-baseline:', connectionName: 'bench-baseline' });
  try {
    await store.ready(5000);
    for (let i = 0; i < 50; i++) await store.set(store.keys.misc('set', String(i % 10)), 'x'.repeat(64));
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await store.set(store.keys.misc('set', String(i % 10)), 'x'.repeat(64));
      ms.push(performance.now() - t0);
    }
    return summarize(ms);
  } finally {
    await store.quit();
  }
}
