import { type FileRawEvent, type MonitorMessage, type SchemaTopic, Topics, type TopicValue } from '@fsmon/contracts';
import { createKafka, TopicConsumer } from '@fsmon/kafka';
import { TEST_CONSUMER_SETTINGS, uniqueGroupId } from '@fsmon/testing';

/** The paths of a report: one, or the aggregator's ", "-separated list of a merged report. */
export function reportPaths(r: MonitorMessage): string[] {
  return r.path.split(/,\s*/);
}

/** A message as read from the topic, with where it was stored. */
export interface Tapped<T> {
  readonly value: T;
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
  /** When this process got it (Date.now()). */
  readonly receivedAt: number;
}

/**
 * Reads one fsmon topic from the beginning for the whole test, in its own consumer group, through
 * the validating consumer: a message that fails its contract is dead-lettered and counted
 * (`invalid`), never seen here.
 */
class TopicTap<T extends SchemaTopic> {
  readonly all: Tapped<TopicValue<T>>[] = [];
  private readonly consumer: TopicConsumer;

  constructor(brokers: string[], topic: T, name: string) {
    const kafka = createKafka({ brokers, clientId: `e2e-${name}-tap`, logLevel: 'nothing' });
    this.consumer = new TopicConsumer(kafka, {
      groupId: uniqueGroupId(`e2e-${name}`),
      ...TEST_CONSUMER_SETTINGS,
      handlers: { [topic]: (m: { value: TopicValue<T>; key: string | null; partition: number; offset: string }) => void this.all.push({ value: m.value, key: m.key, partition: m.partition, offset: m.offset, receivedAt: Date.now() }) },
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Messages that failed the contract (dead-lettered by the consumer). */
  get invalid(): number {
    return this.consumer.stats().deadLettered;
  }
}

/** Every report on fsmon.reports.v1. `waitFor` is bounded and names what it waited for. */
export class ReportsTap extends TopicTap<typeof Topics.Reports> {
  constructor(brokers: string[]) {
    super(brokers, Topics.Reports, 'reports');
  }

  reports(predicate: (r: MonitorMessage) => boolean = () => true): MonitorMessage[] {
    return this.all.map((t) => t.value).filter(predicate);
  }

  /** Resolves with the first report matching `predicate`; rejects after `timeoutMs` listing what arrived. */
  async waitFor(predicate: (r: MonitorMessage) => boolean, what: string, timeoutMs = 20_000): Promise<MonitorMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.all.find((t) => predicate(t.value));
      if (hit) return hit.value;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for a report: ${what}; got ${this.describe()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits (bounded) until every path in `paths` of container `id` is in some report; resolves with those reports. */
  async waitForPaths(id: string, paths: readonly string[], what: string, timeoutMs = 30_000): Promise<MonitorMessage[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.reports((r) => r.id === id);
      const seen = new Set(mine.flatMap(reportPaths));
      const missing = paths.filter((p) => !seen.has(p));
      if (missing.length === 0) return mine.filter((r) => reportPaths(r).some((p) => paths.includes(p)));
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for reports of ${what}: ${missing.length} of ${paths.length} paths missing (${missing.slice(0, 5).join(', ')}); got ${this.describe()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A short listing of what arrived (for failure messages). */
  describe(last = 20): string {
    const lines = this.all.slice(-last).map(({ value: r }) => `${r.container?.name ?? 'host'} ${r.action} ${r.path.slice(0, 200)} "${r.msg}" ×${r.count} [${r.group}] ${r.kind} ${r.reportId}`);
    return `${this.all.length} report(s)${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`;
  }
}

/** Every raw file event on fsmon.raw-events.v1: what the collectors got the broker to accept. */
export class RawEventsTap extends TopicTap<typeof Topics.RawEvents> {
  constructor(brokers: string[]) {
    super(brokers, Topics.RawEvents, 'raw-events');
  }

  files(predicate: (e: FileRawEvent) => boolean = () => true): FileRawEvent[] {
    return this.all.flatMap((t) => t.value.events).filter((e): e is FileRawEvent => e.type === 'file' && predicate(e));
  }

  /** Waits (bounded) until every path in `paths` of container `id` was accepted by the broker. */
  async waitForPaths(id: string, paths: readonly string[], what: string, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seen = new Set(this.files((e) => e.container?.id === id).map((e) => e.path));
      const missing = paths.filter((p) => !seen.has(p));
      if (missing.length === 0) return;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for raw events of ${what}: ${missing.length} of ${paths.length} missing (${missing.slice(0, 5).join(', ')})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
