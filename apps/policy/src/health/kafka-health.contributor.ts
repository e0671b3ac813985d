import { Injectable } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import { KafkaHealthIndicator } from '@fsmon/kafka';

/** Kafka for /health: the publisher and the intake consumer (see KafkaHealthIndicator). */
@Injectable()
export class KafkaHealthContributor implements HealthContributor {
  readonly healthName = 'kafka';

  constructor(private readonly indicator: KafkaHealthIndicator) {}

  health(): HealthReport {
    const { status, ...details } = this.indicator.isHealthy('kafka').kafka;
    return { up: status === 'up', details };
  }
}
