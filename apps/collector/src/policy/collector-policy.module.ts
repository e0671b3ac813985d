import { Logger, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { COLLECTOR_POLICY_OPTIONS, POLICY_INTAKE, POLICY_STORE } from './policy.di-tokens';
import { PolicyIntake } from './policy.intake';
import type { CollectorPolicyOptions } from './policy.options';
import { PolicyStore } from './policy.store';

export interface CollectorPolicyModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => CollectorPolicyOptions | Promise<CollectorPolicyOptions>;
}

/**
 * The collector's policy intake: provides POLICY_STORE (PolicyStore) and POLICY_INTAKE
 * (PolicyIntake: boot-time loading, health). Needs KAFKA_CLIENT (the global KafkaModule) unless a
 * policy file is configured. Modules that inject POLICY_STORE initialise after the policy was read.
 */
@Module({})
export class CollectorPolicyModule {
  static forRootAsync(async: CollectorPolicyModuleAsyncOptions): DynamicModule {
    return {
      module: CollectorPolicyModule,
      imports: async.imports ?? [],
      providers: [
        { provide: COLLECTOR_POLICY_OPTIONS, useFactory: async.useFactory, inject: async.inject ?? [] },
        {
          provide: POLICY_STORE,
          useFactory: (o: CollectorPolicyOptions) => new PolicyStore({ defaultMode: o.defaultMode, logger: new Logger(PolicyStore.name) }),
          inject: [COLLECTOR_POLICY_OPTIONS],
        },
        { provide: POLICY_INTAKE, useClass: PolicyIntake },
      ],
      exports: [POLICY_STORE, POLICY_INTAKE],
    };
  }
}
