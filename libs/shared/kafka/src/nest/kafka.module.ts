import { Inject, Logger, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { createKafka, type KafkaClient, type KafkaClientOptions } from '../create-kafka';
import { ensureTopics } from '../ensure-topics';
import { EventPublisher, type EventPublisherOptions } from '../event.publisher';
import { KafkaConsumerRegistry } from './kafka-consumer.registry';
import { EVENT_PUBLISHER, KAFKA_CLIENT, KAFKA_MODULE_OPTIONS } from './kafka.di-tokens';
import { KafkaHealthIndicator } from './kafka.health';
import { exposeConsumerMetrics } from './kafka.metrics';

export interface KafkaModuleOptions extends KafkaClientOptions {
  publisher?: EventPublisherOptions;
  /** Create missing fsmon topics at init (default true; a broker without CreateTopics is tolerated). */
  ensureTopics?: boolean;
  /**
   * Connect the publisher at init and fail the boot when no broker answers (default true). With
   * false, boot proceeds and publish() connects (or rejects with KafkaUnavailableError) when used.
   */
  connectOnInit?: boolean;
}

export interface KafkaModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => KafkaModuleOptions | Promise<KafkaModuleOptions>;
}

/**
 * Provides KAFKA_CLIENT, EVENT_PUBLISHER, KafkaConsumerRegistry and KafkaHealthIndicator (global),
 * and exposes the registered consumers' gauges (see exposeConsumerMetrics) in prom-client's default
 * registry. The publisher is closed in onModuleDestroy.
 */
@Module({})
export class KafkaModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KafkaModule.name);
  private unexposeMetrics?: () => void;

  constructor(
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(KafkaConsumerRegistry) private readonly consumers: KafkaConsumerRegistry,
  ) {}

  static forRootAsync(async: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      imports: [...(async.imports ?? []), TerminusModule],
      providers: [
        { provide: KAFKA_MODULE_OPTIONS, useFactory: async.useFactory, inject: async.inject ?? [] },
        { provide: KAFKA_CLIENT, useFactory: (o: KafkaModuleOptions) => createKafka(o), inject: [KAFKA_MODULE_OPTIONS] },
        { provide: EVENT_PUBLISHER, useFactory: (k: KafkaClient, o: KafkaModuleOptions) => new EventPublisher(k, o.publisher), inject: [KAFKA_CLIENT, KAFKA_MODULE_OPTIONS] },
        KafkaConsumerRegistry,
        KafkaHealthIndicator,
      ],
      exports: [KAFKA_CLIENT, EVENT_PUBLISHER, KafkaConsumerRegistry, KafkaHealthIndicator],
    };
  }

  async onModuleInit(): Promise<void> {
    this.unexposeMetrics = exposeConsumerMetrics(this.consumers);
    const failFast = this.options.connectOnInit ?? true;
    try {
      if (this.options.ensureTopics ?? true) await ensureTopics(this.kafka);
      if (failFast) await this.publisher.connect();
    } catch (e) {
      if (failFast) throw e;
      this.logger.warn(`Kafka not reachable at boot, continuing: ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.unexposeMetrics?.();
    await this.publisher.disconnect();
  }
}
