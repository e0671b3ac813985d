import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { Topics } from '@fsmon/contracts';
import { EventPublisher, KafkaModule } from '@fsmon/kafka';
import { collectMessages, makeTmpDir, startTestKafka, TEST_CONSUMER_SETTINGS, type TestKafka, type TmpDir } from '@fsmon/testing';
import { CollectorPolicyModule } from '../../src/policy/collector-policy.module';
import { POLICY_INTAKE, POLICY_STORE } from '../../src/policy/policy.di-tokens';
import type { PolicyIntake } from '../../src/policy/policy.intake';
import type { PolicyStore } from '../../src/policy/policy.store';
import { CollectorDeliveryModule } from '../../src/publish/collector-delivery.module';
import { LEARNED_RULES_PUBLISHER, RAW_EVENT_PUBLISHER, STATUS_PUBLISHER } from '../../src/publish/delivery.di-tokens';
import type { LearnedRulesPublisher } from '../../src/publish/learned-rules.publisher';
import type { RawEventPublisher } from '../../src/publish/raw-event.publisher';
import type { StatusPublisher } from '../../src/publish/status.publisher';
import { group } from '../policy/policy.fixtures';
import { identity, interleaved, options, waitFor } from './delivery.fixtures';

// Group joins take ~3 s on the embedded broker.
jest.setTimeout(60_000);

describe(`${CollectorPolicyModule.name} and ${CollectorDeliveryModule.name} wired with KafkaModule`, () => {
  let kafka: TestKafka;
  let tmp: TmpDir;
  let app: TestingModule | undefined;

  beforeAll(async () => {
    kafka = await startTestKafka();
    tmp = makeTmpDir('delivery-module-');
    const seed = new EventPublisher(kafka.kafka);
    await seed.publish(Topics.Policy, [{ key: 'web', value: group('web', { revision: 3, selector: { labels: { app: 'web' } }, mode: 'Protect' }) }]);
    await seed.disconnect();
  });

  afterAll(async () => {
    await app?.close();
    await kafka?.stop();
    tmp?.remove();
  });

  it('boots with the current policy, delivers raw events, status and learned rules, and closes every connection', async () => {
    app = await Test.createTestingModule({
      imports: [
        KafkaModule.forRootAsync({ useFactory: () => ({ brokers: kafka.brokers, clientId: 'collector-it', logLevel: 'nothing' as const }) }),
        CollectorPolicyModule.forRootAsync({
          useFactory: () => ({ collectorId: identity.collectorId, defaultMode: 'Discover' as const, bootWaitMs: 15_000, consumer: TEST_CONSUMER_SETTINGS }),
        }),
        CollectorDeliveryModule.forRootAsync({
          useFactory: () => ({
            identity,
            raw: options(join(tmp.path, 'spool')),
            status: { intervalMs: 60_000 },
            learned: { flushMs: 60_000, maxPending: 100 },
          }),
        }),
      ],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    await app.init();

    await app.get<PolicyIntake>(POLICY_INTAKE).ready;
    expect(app.get<PolicyStore>(POLICY_STORE).resolve({ id: 'c', name: 'c', image: 'i', labels: { app: 'web' } })).toMatchObject({ groups: ['web'], mode: 'Protect' });
    expect(app.get<PolicyIntake>(POLICY_INTAKE).health().up).toBe(true);

    const raw = app.get<RawEventPublisher>(RAW_EVENT_PUBLISHER);
    raw.enqueue(interleaved(['c-a', null], 60));
    await waitFor('120 raw events sent', () => raw.stats().sent.events === 120);

    const status = app.get<StatusPublisher>(STATUS_PUBLISHER);
    status.setSnapshotProvider(() => ({
      appliedRevision: app?.get<PolicyStore>(POLICY_STORE).appliedRevision ?? 0,
      capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
      containers: [],
      probe: { nFileEvents: 0, nGroups: 1, fan: { nRoots: 0, nMntRoots: 0, nDirMarks: 0, nRules: 0, nPaths: 0, nDirs: 0 }, ino: { nWds: 0, nPaths: 0, nDirs: 0 }, counters: {} },
      drops: raw.stats().dropped as Record<string, number>,
    }));
    expect(await status.publishNow()).toBe(true);

    const learned = app.get<LearnedRulesPublisher>(LEARNED_RULES_PUBLISHER);
    learned.add([{ group: 'web', filter: '/etc/secret/', path: '/usr/bin/cat' }]);
    expect(await learned.flush()).toBe(true);

    const [statusMessage] = await collectMessages(kafka.brokers, Topics.CollectorStatus, { count: 1 });
    expect(statusMessage.value).toMatchObject({ collectorId: 'col-1', appliedRevision: 3, version: '0.1.0' });
    await app.close();
    app = undefined;
  });
});
