import { DeadLetterHeaders, Topics, type MonitorMessage } from '@fsmon/contracts';
import type { EventPublisher } from '@fsmon/kafka';

/** The Kafka key of a report: `<hostId>/<containerId|host>`, so one container's reports stay in order. */
export function reportKey(report: MonitorMessage): string {
  return `${report.host.id}/${report.container?.id ?? 'host'}`;
}

/**
 * Sends reports to `fsmon.reports.v1` (keyed by container), and a report the broker can never take
 * to the dead-letter topic with its reason. Errors are EventPublisher's (`KafkaError`, with
 * `retriable`).
 */
export class ReportPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  /** Resolves once the broker acknowledged every report. */
  publish(reports: readonly MonitorMessage[]): Promise<void> {
    return this.publisher.publish(
      Topics.Reports,
      reports.map((value) => ({ key: reportKey(value), value })),
    );
  }

  /** The report as JSON on `fsmon.dead-letters.v1`, `x-dlq-original-topic` = the reports topic. */
  deadLetter(report: MonitorMessage, reason: string): Promise<void> {
    return this.publisher.publishRaw(Topics.DeadLetters, {
      key: reportKey(report),
      value: Buffer.from(JSON.stringify(report)),
      headers: {
        [DeadLetterHeaders.Reason]: reason.slice(0, 4096),
        [DeadLetterHeaders.OriginalTopic]: Topics.Reports,
        [DeadLetterHeaders.FailedAt]: new Date().toISOString(),
      },
    });
  }
}
