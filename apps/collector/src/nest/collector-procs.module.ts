import { type DynamicModule, Module } from '@nestjs/common';
import { PasswdCache } from '../attribution/passwd.cache';
import { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { CollectorConfig } from '../collector.config';
import { hostMountNamespace } from '../containers/host-namespace';
import { PASSWD_CACHE, PROC_INFO_RESOLVER } from './collector.di-tokens';

/**
 * Provides PROC_INFO_RESOLVER (process attribution cached by (pid, start time)) and PASSWD_CACHE
 * (user names from each workload's own /etc/passwd), shared by the watcher and the protect module.
 */
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
        { provide: PASSWD_CACHE, useFactory: () => new PasswdCache() },
      ],
      exports: [PROC_INFO_RESOLVER, PASSWD_CACHE],
    };
  }
}
