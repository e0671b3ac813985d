import { Inject, Injectable } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import { EVENT_PUBLISHER, type EventPublisher } from '@fsmon/kafka';
import { AggregationService } from '../raw-events/aggregation.service';

/**
 * /health's `aggregator` entry: up while the raw-events consumer is joined (or rebalancing), the
 * report publisher is not cut off from the broker, the engine's worker threads run, and the
 * instance is not shutting down. The
 * details show the assignment, the live windows and the report queue.
 */
@Injectable()
export class AggregatorHealth implements HealthContributor {
  readonly healthName = 'aggregator';

  constructor(
    @Inject(AggregationService) private readonly service: AggregationService,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  health(): HealthReport {
    const s = this.service.snapshot();
    const consumerUp = s.consumer.status === 'connected' || s.consumer.status === 'rebalancing';
    const publisherUp = this.publisher.state === 'connected' || this.publisher.state === 'idle';
    return {
      up: consumerUp && publisherUp && s.engineStage.failure === undefined && !s.stopping,
      details: {
        member: s.member,
        consumer: s.consumer.status,
        groupId: s.consumer.groupId,
        partitions: this.service.consumer.assignment(),
        publisher: this.publisher.state,
        aggregates: s.engine.aggregates,
        engineWorkers: s.engineStage.workers,
        engineQueue: s.engineStage.queued,
        engineFailure: s.engineStage.failure,
        reportQueue: s.outbox.pending,
        lastPublishError: s.outbox.lastError,
        lastConsumerError: s.consumer.lastError,
        stopping: s.stopping,
      },
    };
  }
}
