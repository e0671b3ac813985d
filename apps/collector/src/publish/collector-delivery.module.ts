import { Logger, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { EVENT_PUBLISHER, KAFKA_CLIENT, type EventPublisher, type KafkaClient } from '@fsmon/kafka';
import { COLLECTOR_DELIVERY_OPTIONS, ENFORCEMENT_AUDIT_PUBLISHER, LEARNED_RULES_PUBLISHER, RAW_EVENT_PUBLISHER, RAW_EVENT_SINK, STATUS_PUBLISHER } from './delivery.di-tokens';
import { DeliveryLifecycle } from './delivery.lifecycle';
import { EnforcementAuditPublisher } from './enforcement-audit.publisher';
import type { CollectorDeliveryOptions } from './delivery.options';
import { LearnedRulesPublisher } from './learned-rules.publisher';
import { packageVersion } from './package-version';
import { RawEventPublisher } from './raw-event.publisher';
import { createRawSink } from './raw-sink';
import { StatusPublisher } from './status.publisher';

export interface CollectorDeliveryModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => CollectorDeliveryOptions | Promise<CollectorDeliveryOptions>;
}

/**
 * The collector's outbound side: provides RAW_EVENT_PUBLISHER (RawEventPublisher, its own
 * producer), STATUS_PUBLISHER (StatusPublisher) and LEARNED_RULES_PUBLISHER
 * (LearnedRulesPublisher), both on the app's EVENT_PUBLISHER, and ENFORCEMENT_AUDIT_PUBLISHER
 * (EnforcementAuditPublisher: the watchdog's changes on the status topic). Needs the global KafkaModule
 * (KAFKA_CLIENT, EVENT_PUBLISHER). Start and stop: see DeliveryLifecycle.
 */
@Module({})
export class CollectorDeliveryModule {
  static forRootAsync(async: CollectorDeliveryModuleAsyncOptions): DynamicModule {
    const options = COLLECTOR_DELIVERY_OPTIONS;
    return {
      module: CollectorDeliveryModule,
      imports: async.imports ?? [],
      providers: [
        { provide: options, useFactory: async.useFactory, inject: async.inject ?? [] },
        { provide: RAW_EVENT_SINK, useFactory: (k: KafkaClient, o: CollectorDeliveryOptions) => createRawSink(k, o.rawProducer), inject: [KAFKA_CLIENT, options] },
        {
          provide: RAW_EVENT_PUBLISHER,
          useFactory: (sink: EventPublisher, o: CollectorDeliveryOptions) => new RawEventPublisher(sink, o.identity, o.raw, new Logger(RawEventPublisher.name)),
          inject: [RAW_EVENT_SINK, options],
        },
        {
          provide: STATUS_PUBLISHER,
          useFactory: (p: EventPublisher, o: CollectorDeliveryOptions) =>
            new StatusPublisher(p, o.identity, { intervalMs: o.status.intervalMs, version: o.status.version ?? packageVersion() }, new Logger(StatusPublisher.name)),
          inject: [EVENT_PUBLISHER, options],
        },
        {
          provide: ENFORCEMENT_AUDIT_PUBLISHER,
          useFactory: (status: StatusPublisher) => new EnforcementAuditPublisher(status, new Logger(EnforcementAuditPublisher.name)),
          inject: [STATUS_PUBLISHER],
        },
        {
          provide: LEARNED_RULES_PUBLISHER,
          useFactory: (p: EventPublisher, o: CollectorDeliveryOptions) => new LearnedRulesPublisher(p, o.identity, o.learned, new Logger(LearnedRulesPublisher.name)),
          inject: [EVENT_PUBLISHER, options],
        },
        DeliveryLifecycle,
      ],
      exports: [RAW_EVENT_PUBLISHER, STATUS_PUBLISHER, LEARNED_RULES_PUBLISHER, ENFORCEMENT_AUDIT_PUBLISHER],
    };
  }
}
