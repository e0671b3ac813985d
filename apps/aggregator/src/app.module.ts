import { Module, type DynamicModule } from '@nestjs/common';
import { AppKitModule } from '@fsmon/app-kit';
import { KafkaModule, type KafkaModuleOptions } from '@fsmon/kafka';
import type { AggregatorSettings } from './aggregator.env';
import { AggregatorModule } from './aggregator.module';
import { AggregatorHealth } from './health/aggregator.health';

function kafkaModuleOptions(k: AggregatorSettings['kafka']): KafkaModuleOptions {
  const options: KafkaModuleOptions = { brokers: k.brokers, clientId: k.clientId };
  if (k.retries === undefined) return options;
  return {
    ...options,
    retry: { retries: k.retries, initialRetryTime: 200, maxRetryTime: 2000 },
    publisher: { retries: k.retries, initialRetryTimeMs: 200, maxRetryTimeMs: 2000 },
  };
}

/** Composition root: Kafka (global), the app kit (logs, /health, /metrics) and the aggregator feature. */
@Module({})
export class AppModule {
  static forRoot(settings: AggregatorSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRootAsync({ useFactory: () => kafkaModuleOptions(settings.kafka) }),
        AppKitModule.forRoot({
          app: 'aggregator',
          logLevel: settings.logLevel,
          health: [AggregatorHealth],
          imports: [AggregatorModule.forRoot(settings)],
        }),
      ],
    };
  }
}
