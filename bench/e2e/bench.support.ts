// Small helpers of the e2e bench: file sets, percentiles, RSS from /proc (child processes: bench/support/procs).
import fs from 'node:fs';
import path from 'node:path';
import { Topics } from '@fsmon/contracts';
import { createKafka, TopicConsumer } from '@fsmon/kafka';
import { TEST_CONSUMER_SETTINGS, uniqueGroupId } from '@fsmon/testing';

/** `count` small files `<dir>/f0..f<count-1>`. */
export function fileSetIn(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${i}`), 'hello\n');
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Resident set size now and its peak, MB. */
export function rssOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/**
 * When a probe's raw event reached a consumer of the raw-events topic: scans each message as stored
 * (no decode, so the storm's traffic costs a byte search, not a parse) for the probe's path in JSON.
 */
export class RawArrivals {
  private readonly consumer: TopicConsumer;
  private wanted: { path: string; bytes: Buffer } | null = null;
  private readonly arrivals = new Map<string, number>();

  constructor(brokers: string[]) {
    this.consumer = new TopicConsumer(createKafka({ brokers, clientId: 'bench-raw-arrivals', logLevel: 'nothing' }), {
      groupId: uniqueGroupId('bench-raw-arrivals'),
      ...TEST_CONSUMER_SETTINGS,
      fromBeginning: false,
      rawHandlers: {
        [Topics.RawEvents]: (m) => {
          const w = this.wanted;
          if (w !== null && !this.arrivals.has(w.path) && m.value?.includes(w.bytes)) this.arrivals.set(w.path, Date.now());
        },
      },
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** The next probe's path (one at a time). */
  watch(path: string): void {
    this.wanted = { path, bytes: Buffer.from(JSON.stringify(path)) };
  }

  /** When `path`'s raw event arrived, or NaN if it was not seen. */
  arrivalOf(path: string): number {
    return this.arrivals.get(path) ?? NaN;
  }
}
