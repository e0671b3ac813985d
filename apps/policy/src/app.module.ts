import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AppKitModule } from '@fsmon/app-kit';
import { KafkaModule } from '@fsmon/kafka';
import { RedisHealthIndicator, RedisModule } from '@fsmon/redis';
import { AccessRulesController } from './admin/access-rules.controller';
import { AccessRulesService } from './admin/access-rules.service';
import { FiltersController } from './admin/filters.controller';
import { FiltersService } from './admin/filters.service';
import { GroupsController } from './admin/groups.controller';
import { GroupsService } from './admin/groups.service';
import { PolicyChanges } from './admin/policy-changes.service';
import { PolicyInfoController } from './admin/policy-info.controller';
import { tokenAuthorityProvider } from './auth/auth.providers';
import { CollectorsController } from './collectors/collectors.controller';
import { CollectorsService } from './collectors/collectors.service';
import { DocsController } from './docs/docs.controller';
import { OpenApiDocs } from './docs/openapi.docs';
import { KafkaHealthContributor } from './health/kafka-health.contributor';
import { ApiErrorFilter } from './http/api-error.filter';
import { bodyLimitProvider } from './http/body-limit.provider';
import { TaggedInterceptor } from './http/tagged.interceptor';
import { CollectorStatusService } from './intake/collector-status.service';
import { LearnedRulesService } from './intake/learned-rules.service';
import { PolicyIntakeConsumer } from './intake/policy-intake.consumer';
import type { PolicyConfig } from './policy.config';
import { PolicyPublisher } from './push/policy.publisher';
import { PolicyRepublisher } from './push/policy.republisher';
import { AuditReader } from './store/audit.reader';
import { CollectorRepository } from './store/collector.repository';
import { GroupRepository } from './store/group.repository';
import { POLICY_CONFIG } from './store/policy.di-tokens';

@Module({})
class PolicyConfigModule {}

@Module({})
class PolicyHealthModule {}

/**
 * The policy app: admin API (groups, profiles, filters, access rules, collectors, audit, /docs),
 * Redis store, push to collectors, learned-rule and collector-status intake, /health and /metrics.
 */
@Module({})
export class PolicyAppModule {
  static forRoot(config: PolicyConfig): DynamicModule {
    const configModule: DynamicModule = { module: PolicyConfigModule, global: true, providers: [{ provide: POLICY_CONFIG, useValue: config }], exports: [POLICY_CONFIG] };
    const redis = RedisModule.forRootAsync({ useFactory: () => ({ url: config.redis.url, keyPrefix: config.redis.keyPrefix, connectionName: 'fsmon-policy' }) });
    const kafka = KafkaModule.forRootAsync({
      // Changes are stored and answered without Kafka; pushes retry until the broker is back.
      useFactory: () => ({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, connectOnInit: false }),
    });
    const health: DynamicModule = { module: PolicyHealthModule, providers: [KafkaHealthContributor], exports: [KafkaHealthContributor] };
    return {
      module: PolicyAppModule,
      imports: [
        configModule,
        redis,
        kafka,
        AppKitModule.forRoot({ app: 'policy', logLevel: config.logLevel, health: [RedisHealthIndicator, KafkaHealthContributor], imports: [redis, health] }),
      ],
      controllers: [GroupsController, FiltersController, AccessRulesController, PolicyInfoController, CollectorsController, DocsController],
      providers: [
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: TaggedInterceptor },
        bodyLimitProvider,
        tokenAuthorityProvider,
        GroupRepository,
        CollectorRepository,
        AuditReader,
        PolicyPublisher,
        PolicyRepublisher,
        PolicyChanges,
        GroupsService,
        FiltersService,
        AccessRulesService,
        CollectorsService,
        LearnedRulesService,
        CollectorStatusService,
        PolicyIntakeConsumer,
        OpenApiDocs,
      ],
    };
  }
}
