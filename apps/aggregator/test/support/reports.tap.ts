import { Topics, type MonitorMessage } from '@fsmon/contracts';
import { TopicConsumer, type KafkaClient } from '@fsmon/kafka';
import { quietLogger, TEST_CONSUMER_SETTINGS, uniqueGroupId } from '@fsmon/testing';

/** Everything published on the reports topic, read continuously from the beginning in a private group. */
export class ReportsTap {
  readonly reports: MonitorMessage[] = [];
  readonly keys: string[] = [];
  private readonly consumer: TopicConsumer;

  constructor(kafka: KafkaClient) {
    this.consumer = new TopicConsumer(kafka, {
      groupId: uniqueGroupId('tap'),
      ...TEST_CONSUMER_SETTINGS,
      handlers: {
        [Topics.Reports]: (m) => {
          this.reports.push(m.value);
          this.keys.push(m.key ?? '');
        },
      },
      logger: quietLogger,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
