import { Injectable, Logger } from '@nestjs/common';
import type { CollectorStatus } from '@fsmon/contracts';
import { RedisUnavailableError } from '@fsmon/redis';
import { policyMetrics } from '../policy.metrics';
import { CollectorRepository } from '../store/collector.repository';

/**
 * Keeps each collector's latest status. A heartbeat that cannot be stored (Redis down, or the same
 * collector's record changing under it) is dropped and counted rather than retried: the next
 * heartbeat replaces it anyway.
 */
@Injectable()
export class CollectorStatusService {
  private readonly logger = new Logger(CollectorStatusService.name);

  constructor(private readonly collectors: CollectorRepository) {}

  async record(status: CollectorStatus): Promise<void> {
    const metric = policyMetrics().collectorStatus;
    try {
      const result = await this.collectors.record(status);
      metric.inc({ result: result === 'conflict' ? 'dropped-conflict' : result });
    } catch (e) {
      if (!(e instanceof RedisUnavailableError)) throw e;
      metric.inc({ result: 'dropped-store-unavailable' });
      this.logger.warn(`status of collector ${status.collectorId} dropped: ${e.message}`);
    }
  }
}
