import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { AggregatorMetrics } from '@fsmon/aggregator-domain';
import type { EmbeddedKafka } from '@fsmon/embedded';
import { loadAggregatorSettings } from '../../apps/aggregator/src/aggregator.env';
import { AppModule } from '../../apps/aggregator/src/app.module';
import { AggregationService } from '../../apps/aggregator/src/raw-events/aggregation.service';
import { splitThreadCpu, threadCpu, type ThreadCpu } from './thread-cpu';

const MB = 1024 * 1024;

export interface AppRun {
  events: number;
  /** Engine worker threads (AGGREGATOR_ENGINE_WORKERS). */
  engineWorkers: number;
  /** From the first accepted batch to the last (the group join excluded). */
  acceptSeconds: number;
  eventsPerSec: number;
  /** Events/s from when `steadyFrom` of the events were accepted to the last (the fresh workers' warm-up excluded). */
  steadyEventsPerSec: number;
  /** CPU time of this process (all threads, the embedded broker's included) / wall time, while accepting. */
  cpuLoad: number;
  /** Busy time of the consuming (main) thread per event while accepting (event-loop utilization × wall / events). */
  consumingThreadUsPerEvent: number;
  /**
   * CPU per event while accepting, by thread (Linux; zeros elsewhere): the consuming (main) thread,
   * the app's engine workers, and the rest of the process (the embedded broker, zlib's thread pool,
   * V8's GC helpers).
   */
  threadCpuUsPerEvent: { main: number; engineWorkers: number; other: number };
  /** Until every report of those events (so far) was acknowledged. */
  publishedSeconds: number;
  /** app.close(): flushAll, publish, commit, leave the group. */
  closeSeconds: number;
  /** Reports acknowledged, the shutdown flush included. */
  reports: number;
  peakHeapMB: number;
  peakRssMB: number;
  /** Heap after a full GC at each quarter of the events (needs --expose-gc; empty without). */
  retainedMB: number[];
  engine: AggregatorMetrics;
}

interface Watched {
  start: number;
  /** When eventsIn first reached `steadyFrom` of the total, and eventsIn then. */
  steady: { at: number; eventsIn: number };
  accepted: number;
  published: number;
  cpuMs: number;
  /** Event-loop utilization of the main thread while accepting. */
  mainUtilization: number;
  peakHeap: number;
  peakRss: number;
  retained: number[];
  /** Per-thread CPU when the first and when the last event was accepted. */
  threads: { start: ThreadCpu; accepted: ThreadCpu };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Polls every 10 ms until every event is accepted and its reports acknowledged. */
async function watch(service: AggregationService, total: number, sampleRetained: boolean, steadyFrom: number): Promise<Watched> {
  const w: Watched = { start: 0, steady: { at: 0, eventsIn: 0 }, accepted: 0, published: 0, cpuMs: 0, mainUtilization: 0, peakHeap: 0, peakRss: 0, retained: [], threads: { start: new Map(), accepted: new Map() } };
  let elu0 = performance.eventLoopUtilization();
  const deadline = Date.now() + 300_000;
  let cpu0 = process.cpuUsage();
  while (w.published === 0) {
    if (Date.now() > deadline) throw new Error(`aggregator bench: ${service.engine.metrics().eventsIn} of ${total} events within 300 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const { eventsIn } = service.engine.metrics();
    const now = performance.now();
    if (w.start === 0 && eventsIn > 0) {
      w.start = now;
      cpu0 = process.cpuUsage();
      elu0 = performance.eventLoopUtilization();
      w.threads.start = threadCpu();
    }
    if (w.steady.at === 0 && eventsIn >= steadyFrom * total) w.steady = { at: now, eventsIn };
    const mem = process.memoryUsage();
    w.peakHeap = Math.max(w.peakHeap, mem.heapUsed);
    w.peakRss = Math.max(w.peakRss, mem.rss);
    if (sampleRetained && gc && eventsIn >= ((w.retained.length + 1) * total) / 4 && w.retained.length < 4) {
      gc();
      w.retained.push(process.memoryUsage().heapUsed);
    }
    if (eventsIn >= total && w.accepted === 0) {
      w.accepted = now;
      const cpu = process.cpuUsage(cpu0);
      w.cpuMs = (cpu.user + cpu.system) / 1000;
      w.mainUtilization = performance.eventLoopUtilization(elu0).utilization;
      w.threads.accepted = threadCpu();
    }
    if (w.accepted > 0 && service.outbox.pending === 0) w.published = now;
  }
  return w;
}

/**
 * Runs the aggregator app in this process (default windows, 1 s tick) over everything on the
 * raw-events topic, in a fresh group. `sampleRetained` adds full GCs at each quarter (slower).
 * `steadyFrom`: the share of the events after which `steadyEventsPerSec` is timed.
 */
export async function runApp(broker: EmbeddedKafka, events: number, sampleRetained: boolean, steadyFrom: number): Promise<AppRun> {
  const settings = loadAggregatorSettings({
    KAFKA_BROKERS: broker.bootstrap,
    LOG_LEVEL: 'silent',
    AGGREGATOR_GROUP_ID: `bench-${randomUUID().slice(0, 8)}`,
    AGGREGATOR_TICK_MS: '1000',
    AGGREGATOR_LAG_REFRESH_MS: '0',
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_MAX_WAIT_MS: '100',
    // The app's default unless the bench is run with AGGREGATOR_ENGINE_WORKERS set.
    ...(process.env.AGGREGATOR_ENGINE_WORKERS ? { AGGREGATOR_ENGINE_WORKERS: process.env.AGGREGATOR_ENGINE_WORKERS } : {}),
  });
  // Threads there before the app (broker, V8 and libuv pools): the ones it starts are its engine workers.
  const existing = new Set(threadCpu().keys());
  const app = await NestFactory.create(AppModule.forRoot(settings), { logger: false });
  let closed = false;
  try {
    await app.init();
    const service = app.get(AggregationService);
    const seen = await watch(service, events, sampleRetained, steadyFrom);
    const engine = { ...service.engine.metrics() };
    const closeStart = performance.now();
    await app.close();
    closed = true;
    const seconds = (t: number) => (t - seen.start) / 1000;
    const cpu = splitThreadCpu(existing, seen.threads.start, seen.threads.accepted);
    return {
      events,
      engineWorkers: settings.engineStage.workers,
      acceptSeconds: seconds(seen.accepted),
      eventsPerSec: events / seconds(seen.accepted),
      steadyEventsPerSec: seen.accepted > seen.steady.at ? (events - seen.steady.eventsIn) / ((seen.accepted - seen.steady.at) / 1000) : events / seconds(seen.accepted),
      cpuLoad: seen.cpuMs / (seen.accepted - seen.start),
      consumingThreadUsPerEvent: (seen.mainUtilization * (seen.accepted - seen.start) * 1000) / events,
      threadCpuUsPerEvent: { main: (cpu.mainMs * 1000) / events, engineWorkers: (cpu.newThreadsMs * 1000) / events, other: (cpu.otherMs * 1000) / events },
      publishedSeconds: seconds(seen.published),
      closeSeconds: (performance.now() - closeStart) / 1000,
      reports: service.outbox.stats.published,
      peakHeapMB: seen.peakHeap / MB,
      peakRssMB: seen.peakRss / MB,
      retainedMB: seen.retained.map((b) => b / MB),
      engine,
    };
  } finally {
    if (!closed) await app.close();
  }
}
