import { type DynamicModule, Module } from '@nestjs/common';
import { AppKitModule } from '@fsmon/app-kit';
import { KafkaModule } from '@fsmon/kafka';
import type { CollectorSettings } from './collector.config';
import type { WatchObserver } from './core/collector.ports';
import { CollectorCoreModule } from './nest/collector-core.module';
import { CollectorProcsModule } from './nest/collector-procs.module';
import { PASSWD_CACHE, PROC_INFO_RESOLVER } from './nest/collector.di-tokens';
import { CollectorService } from './nest/collector.service';
import { CollectorPolicyModule, POLICY_INTAKE, POLICY_STORE, policyOptionsFromEnv } from './policy';
import { CollectorProtectModule, PROTECT_SERVICE, protectOptionsFromEnv, type ProtectService } from './protect';
import { CollectorDeliveryModule, deliveryOptionsFromEnv, ENFORCEMENT_AUDIT_PUBLISHER, LEARNED_RULES_PUBLISHER, RAW_EVENT_PUBLISHER, STATUS_PUBLISHER } from './publish';

// The protect module plays the watcher's observer port as it is.
const observerFits = (service: ProtectService): WatchObserver => service;
void observerFits;

/**
 * The collector's composition root: Kafka (global), the policy intake, delivery (raw events,
 * status, learned rules), the protect module (permission events, learning) and the core
 * (watching, attribution, classification), each dynamic module built once and shared.
 */
@Module({})
export class AppModule {
  static forRoot(settings: CollectorSettings): DynamicModule {
    const { core, env } = settings;
    const identity = { collectorId: core.collectorId, host: core.host };
    const policy = CollectorPolicyModule.forRootAsync({ useFactory: () => policyOptionsFromEnv(env, core.collectorId) });
    const delivery = CollectorDeliveryModule.forRootAsync({ useFactory: () => deliveryOptionsFromEnv(env, identity) });
    const procs = CollectorProcsModule.forRoot(core);
    const protect = CollectorProtectModule.forRootAsync({
      imports: [policy, delivery, procs],
      useFactory: () => protectOptionsFromEnv(env, { collectorId: core.collectorId }),
      ports: { policies: POLICY_STORE, rawEvents: RAW_EVENT_PUBLISHER, learnedRules: LEARNED_RULES_PUBLISHER, procs: PROC_INFO_RESOLVER, users: PASSWD_CACHE, audit: ENFORCEMENT_AUDIT_PUBLISHER },
    });
    const collector = CollectorCoreModule.forRoot({
      config: core,
      imports: [policy, delivery, procs, protect],
      ports: { policy: POLICY_STORE, sink: RAW_EVENT_PUBLISHER, status: STATUS_PUBLISHER, observer: PROTECT_SERVICE },
    });
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRootAsync({
          useFactory: () => ({ brokers: [...settings.kafka.brokers], clientId: settings.kafka.clientId ?? `fsmon-collector-${core.collectorId}`, connectOnInit: false }),
        }),
        policy,
        delivery,
        procs,
        protect,
        collector,
        AppKitModule.forRoot({
          app: 'collector',
          logLevel: settings.logLevel,
          health: [CollectorService, POLICY_INTAKE, RAW_EVENT_PUBLISHER, PROTECT_SERVICE],
          imports: [collector, policy, delivery, protect],
        }),
      ],
    };
  }
}
