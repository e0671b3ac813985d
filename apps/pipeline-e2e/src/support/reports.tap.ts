import { type MonitorMessage, Topics } from '@fsmon/contracts';
import { createKafka, TopicConsumer } from '@fsmon/kafka';
import { TEST_CONSUMER_SETTINGS, uniqueGroupId } from '@fsmon/testing';

/** A report as read from the topic, with where it was stored. */
export interface TappedReport {
  readonly report: MonitorMessage;
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Reads fsmon.reports.v1 from the beginning for the whole test, in its own consumer group, through
 * the validating consumer: a report that fails the MonitorMessage contract is dead-lettered and
 * counted (`invalid`), never seen here. `waitFor` is bounded and names what it waited for.
 */
export class ReportsTap {
  readonly all: TappedReport[] = [];
  private readonly consumer: TopicConsumer;

  constructor(brokers: string[]) {
    const kafka = createKafka({ brokers, clientId: 'e2e-reports-tap', logLevel: 'nothing' });
    this.consumer = new TopicConsumer(kafka, {
      groupId: uniqueGroupId('e2e-reports'),
      ...TEST_CONSUMER_SETTINGS,
      handlers: { [Topics.Reports]: (m) => void this.all.push({ report: m.value, key: m.key, partition: m.partition, offset: m.offset }) },
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

  reports(predicate: (r: MonitorMessage) => boolean = () => true): MonitorMessage[] {
    return this.all.map((t) => t.report).filter(predicate);
  }

  /** Resolves with the first report matching `predicate`; rejects after `timeoutMs` listing what arrived. */
  async waitFor(predicate: (r: MonitorMessage) => boolean, what: string, timeoutMs = 20_000): Promise<MonitorMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.all.find((t) => predicate(t.report));
      if (hit) return hit.report;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for a report: ${what}; got ${this.describe()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A short listing of what arrived (for failure messages). */
  describe(last = 20): string {
    const lines = this.all.slice(-last).map(({ report: r }) => `${r.container?.name ?? 'host'} ${r.action} ${r.path} "${r.msg}" ×${r.count} [${r.group}] ${r.kind}`);
    return `${this.all.length} report(s)${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`;
  }
}
