import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { KAFKA_CLIENT, type KafkaClient } from '@fsmon/kafka';
import { AGGREGATOR_SETTINGS } from '../aggregator.di-tokens';
import type { AggregatorSettings } from '../aggregator.env';
import { AggregationService } from '../raw-events/aggregation.service';
import { exposeAggregatorMetrics } from './aggregator.metrics';
import { PartitionLagReader } from './partition-lag.reader';

/** Puts this instance's figures on /metrics and keeps the lag gauges fresh. */
@Injectable()
export class AggregatorMetricsExporter implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lag: PartitionLagReader;
  private unexpose?: () => void;

  constructor(
    @Inject(AGGREGATOR_SETTINGS) settings: AggregatorSettings,
    @Inject(KAFKA_CLIENT) kafka: KafkaClient,
    @Inject(AggregationService) private readonly service: AggregationService,
  ) {
    const source = { assignment: () => service.consumer.assignment(), positions: () => service.positions() };
    this.lag = new PartitionLagReader(kafka, settings.kafka.groupId, source, settings.lagRefreshMs, new Logger(PartitionLagReader.name));
  }

  onApplicationBootstrap(): void {
    this.unexpose = exposeAggregatorMetrics({ snapshot: () => this.service.snapshot(), lag: () => this.lag.values() });
    this.lag.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unexpose?.();
    await this.lag.stop();
  }
}
