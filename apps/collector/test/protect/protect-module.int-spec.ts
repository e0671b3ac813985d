// CollectorProtectModule wired as the collector wires it: ports bound to existing providers (the
// real PolicyStore, sinks), the service started on module init (real permission group) and stopped
// on close.
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PolicyStore } from '../../src/policy';
import { CollectorProtectModule, PROTECT_SERVICE, defaultProtectOptions, type ProtectService } from '../../src/protect';
import { RecordingRawSink } from './support/protect.harness';
import { group, filter, rule } from '../policy/policy.fixtures';
import { NsContainer } from './support/ns-container';

const STORE = Symbol('STORE');
const RAW = Symbol('RAW');
const LEARNED = Symbol('LEARNED');

describe(CollectorProtectModule.name, () => {
  it('provides a started ProtectService that blocks, and stops it on close', async () => {
    const c = await NsContainer.start('module');
    c.file('/data/secret.txt', 'secret\n');
    const store = new PolicyStore({ defaultMode: 'Discover', logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
    @Module({
      providers: [
        { provide: STORE, useValue: store },
        { provide: RAW, useValue: new RecordingRawSink() },
        { provide: LEARNED, useValue: { add: () => undefined } },
      ],
      exports: [STORE, RAW, LEARNED],
    })
    class PortsModule {}
    const app = await Test.createTestingModule({
      imports: [
        CollectorProtectModule.forRootAsync({
          imports: [PortsModule],
          useFactory: () => defaultProtectOptions({ collectorId: 'module-test' }),
          ports: { policies: STORE, rawEvents: RAW, learnedRules: LEARNED },
        }),
      ],
    }).compile();
    app.enableShutdownHooks();
    await app.init();
    try {
      const service = app.get<ProtectService>(PROTECT_SERVICE);
      expect(service.status().permissionEvents).toBe(true);
      store.apply(group('g', { revision: 1, mode: 'Protect', selector: { ids: [c.workload().identity?.id ?? ''] }, filters: [filter('/data', '.*', { behavior: 'block_access' })], rules: { '/data/.*': rule([]) } }));
      service.upsert({ workload: c.workload(), capBlock: true, dirs: [{ path: '/data' }], files: [] });
      expect((await c.run('cat /data/secret.txt')).code).toBe(1);
      expect(service.health()).toMatchObject({ up: true });
    } finally {
      await app.close();
    }
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0 });
    await c.stop();
  }, 60_000);
});
