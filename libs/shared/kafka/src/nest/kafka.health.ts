import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventPublisher } from '../event.publisher';
import type { ConsumerStatus } from '../topic-consumer.types';
import { KafkaConsumerRegistry } from './kafka-consumer.registry';
import { EVENT_PUBLISHER } from './kafka.di-tokens';

/** Consumer states that count as healthy (a rebalance is a normal, short pause). */
const HEALTHY: ReadonlySet<ConsumerStatus> = new Set(['connected', 'rebalancing']);

/**
 * Terminus indicator for Kafka: up when the publisher is not known to be cut off (it is `idle` until
 * its first use, `unavailable` after a send found no broker) and every registered consumer is
 * joined or rebalancing. The details list the publisher state and each consumer's stats.
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(KafkaConsumerRegistry) private readonly consumers: KafkaConsumerRegistry,
  ) {}

  isHealthy<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const consumers = this.consumers.stats();
    const publisher = this.publisher.state;
    const details = {
      publisher,
      consumers: consumers.map(({ groupId, status, messagesIn, deadLettered, lastError }) => ({ groupId, status, messagesIn, deadLettered, lastError })),
    };
    const up = (publisher === 'connected' || publisher === 'idle') && consumers.every((c) => HEALTHY.has(c.status));
    const session = this.health.check(key);
    return up ? session.up(details) : session.down(details);
  }
}
