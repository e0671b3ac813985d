import { DeadLetterHeaders, Topics } from '@fsmon/contracts';
import { KafkaPayloadError, type EventPublisher } from '@fsmon/kafka';
import { valueBuffer, type OutgoingReport } from './outgoing-report';

export { reportKey } from './outgoing-report';

/**
 * Sends reports to `fsmon.reports.v1` (keyed by container), and a report the broker can never take
 * to the dead-letter topic with its reason. The reports come validated and serialized
 * (OutgoingReport); a batch holding one that failed its contract is refused whole, as
 * EventPublisher.publish refuses it (KafkaPayloadError), so the sender isolates and dead-letters
 * it. Other errors are EventPublisher's (`KafkaError`, with `retriable`).
 */
export class ReportPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  /** Resolves once the broker acknowledged every report. */
  publish(reports: readonly OutgoingReport[]): Promise<void> {
    const bad = reports.findIndex((r) => r.invalid !== undefined);
    if (bad >= 0) return Promise.reject(new KafkaPayloadError(Topics.Reports, bad, reports[bad].invalid ?? ''));
    return this.publisher.publishRaw(
      Topics.Reports,
      reports.map((r) => ({ key: r.key, value: valueBuffer(r) })),
    );
  }

  /** The report as JSON on `fsmon.dead-letters.v1`, `x-dlq-original-topic` = the reports topic. */
  deadLetter(report: OutgoingReport, reason: string): Promise<void> {
    return this.publisher.publishRaw(Topics.DeadLetters, {
      key: report.key,
      value: valueBuffer(report),
      headers: {
        [DeadLetterHeaders.Reason]: reason.slice(0, 4096),
        [DeadLetterHeaders.OriginalTopic]: Topics.Reports,
        [DeadLetterHeaders.FailedAt]: new Date().toISOString(),
      },
    });
  }
}
