import { Module, type DynamicModule } from '@nestjs/common';
import { AGGREGATOR_SETTINGS, RECENT_REPORTS } from './aggregator.di-tokens';
import type { AggregatorSettings } from './aggregator.env';
import { AggregatorHealth } from './health/aggregator.health';
import { AggregatorMetricsExporter } from './metrics/aggregator-metrics.exporter';
import { AggregationService } from './raw-events/aggregation.service';
import { RecentReports } from './reports/recent-reports';
import { ReportsController } from './reports/reports.controller';

/** The aggregator's feature: the raw-events pipeline, GET /reports, its health entry and metrics. Needs KafkaModule. */
@Module({})
export class AggregatorModule {
  static forRoot(settings: AggregatorSettings): DynamicModule {
    return {
      module: AggregatorModule,
      controllers: [ReportsController],
      providers: [
        { provide: AGGREGATOR_SETTINGS, useValue: settings },
        { provide: RECENT_REPORTS, useFactory: () => new RecentReports(settings.reports.recent) },
        AggregationService,
        AggregatorHealth,
        AggregatorMetricsExporter,
      ],
      exports: [AggregationService, AggregatorHealth],
    };
  }
}
