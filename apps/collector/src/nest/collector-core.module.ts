import { type DynamicModule, type InjectionToken, Logger, Module, type ModuleMetadata } from '@nestjs/common';
import { AdminController } from '../admin/admin.controller';
import type { PasswdCache } from '../attribution/passwd.cache';
import type { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { CollectorConfig } from '../collector.config';
import type { CollectorPipeline } from '../core/collector.pipeline';
import type { PolicySource, RawEventSink, WatchObserver } from '../core/collector.ports';
import { CollectorViews } from '../core/collector.views';
import { buildPipeline } from '../core/pipeline.factory';
import { COLLECTOR_CONFIG, COLLECTOR_PIPELINE, COLLECTOR_VIEWS, CORE_OBSERVER, CORE_POLICY, CORE_SINK, CORE_STATUS, PASSWD_CACHE, PROC_INFO_RESOLVER } from './collector.di-tokens';
import { CollectorService } from './collector.service';

/** Which providers play the core's ports (bound with useExisting; the modules holding them go in `imports`). */
export interface CollectorCorePorts {
  /** A PolicySource: the PolicyStore (POLICY_STORE). */
  readonly policy: InjectionToken;
  /** A RawEventSink: the RawEventPublisher (RAW_EVENT_PUBLISHER). */
  readonly sink: InjectionToken;
  /** The StatusPublisher (STATUS_PUBLISHER): given the status snapshot provider. */
  readonly status?: InjectionToken;
  /** A WatchObserver: the ProtectService (PROTECT_SERVICE). */
  readonly observer?: InjectionToken;
}

export interface CollectorCoreModuleOptions {
  readonly config: CollectorConfig;
  /** Modules exporting the port providers, PROC_INFO_RESOLVER and PASSWD_CACHE (CollectorProcsModule). */
  readonly imports: ModuleMetadata['imports'];
  readonly ports: CollectorCorePorts;
}

/**
 * The collector core in Nest: COLLECTOR_PIPELINE (built at init: the fanotify group is opened, a
 * kernel without fanotify fails the boot), COLLECTOR_VIEWS, CollectorService (start after
 * bootstrap, stop at shutdown, /health contributor) and the admin endpoints /watches, /probe,
 * /status.
 */
@Module({})
export class CollectorCoreModule {
  static forRoot(options: CollectorCoreModuleOptions): DynamicModule {
    const p = options.ports;
    return {
      module: CollectorCoreModule,
      imports: options.imports ?? [],
      controllers: [AdminController],
      providers: [
        { provide: COLLECTOR_CONFIG, useValue: options.config },
        { provide: CORE_POLICY, useExisting: p.policy },
        { provide: CORE_SINK, useExisting: p.sink },
        ...(p.status ? [{ provide: CORE_STATUS, useExisting: p.status }] : []),
        ...(p.observer ? [{ provide: CORE_OBSERVER, useExisting: p.observer }] : []),
        {
          provide: COLLECTOR_PIPELINE,
          inject: [COLLECTOR_CONFIG, CORE_POLICY, CORE_SINK, PROC_INFO_RESOLVER, PASSWD_CACHE, { token: CORE_OBSERVER, optional: true }],
          useFactory: (config: CollectorConfig, policy: PolicySource, sink: RawEventSink, procs: ProcInfoResolver, passwd: PasswdCache, observer?: WatchObserver) =>
            buildPipeline({ config, policy, sink, procs, passwd, observer, logger: new Logger('Collector') }),
        },
        { provide: COLLECTOR_VIEWS, inject: [COLLECTOR_PIPELINE], useFactory: (pipeline: CollectorPipeline) => new CollectorViews(pipeline) },
        CollectorService,
      ],
      exports: [COLLECTOR_PIPELINE, COLLECTOR_VIEWS, CollectorService],
    };
  }
}
