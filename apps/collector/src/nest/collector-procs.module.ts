import { type DynamicModule, Module } from '@nestjs/common';
import { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { CollectorConfig } from '../collector.config';
import { hostMountNamespace } from '../containers/host-namespace';
import { PROC_INFO_RESOLVER } from './collector.di-tokens';

/** Provides PROC_INFO_RESOLVER: process attribution cached by (pid, start time), shared by the watcher and the protect module. */
@Module({})
export class CollectorProcsModule {
  static forRoot(config: CollectorConfig): DynamicModule {
    return {
      module: CollectorProcsModule,
      providers: [
        {
          provide: PROC_INFO_RESOLVER,
          useFactory: () => new ProcInfoResolver({ procDir: config.discovery.procDir, hostMntns: hostMountNamespace(config.discovery.procDir), maxEntries: config.procCacheSize }),
        },
      ],
      exports: [PROC_INFO_RESOLVER],
    };
  }
}
