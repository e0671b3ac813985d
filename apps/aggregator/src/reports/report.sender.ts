import type { LoggerService } from '@nestjs/common';
import { KafkaClosedError, KafkaError } from '@fsmon/kafka';
import type { OutgoingReport } from './outgoing-report';
import type { OutboxStats } from './report-outbox.types';
import type { ReportPublisher } from './report.publisher';

/**
 * What became of one send: `ok` (acknowledged, or dead-lettered for good), `retry` (no broker;
 * keep the reports), `split` (refused for good: retry its reports one by one to find the bad one),
 * `closed` (the publisher was closed).
 */
export type SendOutcome = 'ok' | 'retry' | 'split' | 'closed';

/** One send of reports, its failure sorted into a SendOutcome; a single report refused for good is dead-lettered. */
export class ReportSender {
  lastError?: string;

  constructor(
    private readonly publisher: ReportPublisher,
    private readonly stats: OutboxStats,
    private readonly onPublished: (reports: readonly OutgoingReport[]) => void,
    private readonly logger: LoggerService,
  ) {}

  async send(batch: OutgoingReport[]): Promise<SendOutcome> {
    try {
      await this.publisher.publish(batch);
      this.stats.published += batch.length;
      this.lastError = undefined;
      this.onPublished(batch);
      return 'ok';
    } catch (e) {
      return this.failed(batch, e);
    }
  }

  private async failed(batch: OutgoingReport[], e: unknown): Promise<SendOutcome> {
    if (e instanceof KafkaClosedError) return 'closed';
    this.stats.sendFailures++;
    this.lastError = (e as Error).message;
    if (e instanceof KafkaError && e.retriable) {
      this.logger.warn(`publishing ${batch.length} report(s) failed, retrying: ${this.lastError}`);
      return 'retry';
    }
    if (batch.length > 1) return 'split';
    try {
      await this.publisher.deadLetter(batch[0], `report refused: ${this.lastError}`);
      this.stats.deadLettered++;
      this.logger.error(`report ${batch[0].reportId} dead-lettered: ${this.lastError}`);
    } catch (dlq) {
      if (dlq instanceof KafkaError && dlq.retriable) return 'retry';
      this.stats.lost++;
      this.logger.error(`report ${batch[0].reportId} lost: ${this.lastError}; dead letter failed: ${(dlq as Error).message}`);
    }
    return 'ok';
  }
}
