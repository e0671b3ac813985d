import { Topics } from '@fsmon/contracts';
import { createKafka, TopicConsumer } from '@fsmon/kafka';
import { formatReport } from '@fsmon/report-format';

/**
 * Prints reports as they arrive on the reports topic, one readable line each. It joins its own
 * consumer group and starts at the newest offset: it shows what happens from now on.
 */
export class ReportPrinter {
  private readonly consumer: TopicConsumer;

  constructor(brokers: string[], write: (line: string) => void) {
    const kafka = createKafka({ brokers, clientId: 'fsmon-main-job', logLevel: 'error' });
    this.consumer = new TopicConsumer(kafka, {
      groupId: `fsmon-main-job-${process.pid}-${Date.now()}`,
      fromBeginning: false,
      handlers: { [Topics.Reports]: (m) => write(formatReport(m.value)) },
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
