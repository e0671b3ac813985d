import { Controller, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { Topics, type CollectorStatus } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import {
  EVENT_PUBLISHER,
  FsmonKafkaContext,
  FsmonKafkaTransport,
  KAFKA_CLIENT,
  KafkaConsumerRegistry,
  KafkaHealthIndicator,
  KafkaModule,
  KafkaWiringError,
  type EventPublisher,
} from '../src';
import { TEST_CONSUMER, uniqueGroupId, waitFor } from './kafka.support';

// Group joins take ~3 s on the embedded broker; the preset's testTimeout is not applied when jest
// runs the projects from the root config, so the bound is set here.
jest.setTimeout(30_000);

const status = (collectorId: string): CollectorStatus => ({
  collectorId,
  host: { id: 'h1', name: 'host-1' },
  version: '0.1.0',
  startedAt: '2025-01-01T00:00:00.000Z',
  at: '2025-01-01T00:00:05.000Z',
  appliedRevision: 3,
  capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
  containers: [],
  probe: { nFileEvents: 0, nGroups: 0, fan: { nRoots: 0, nMntRoots: 0, nDirMarks: 0, nRules: 0, nPaths: 0, nDirs: 0 }, ino: { nWds: 0, nPaths: 0, nDirs: 0 }, counters: {} },
  drops: {},
});

/** The same status as a producer that relies on the contract's defaults would write it. */
function withoutDefaults(value: CollectorStatus): Buffer {
  const json = { ...value, capabilities: { permissionEvents: true, fidReporting: true } } as Partial<CollectorStatus>;
  delete json.drops;
  return Buffer.from(JSON.stringify(json));
}

@Controller()
class StatusController {
  static received: { value: CollectorStatus; key: string | null }[] = [];

  @EventPattern(Topics.CollectorStatus)
  onStatus(@Payload() value: CollectorStatus, @Ctx() ctx: FsmonKafkaContext): void {
    if (value.collectorId === 'explode') throw new Error('handler bug');
    StatusController.received.push({ value, key: ctx.getMessage().key });
  }
}

@Controller()
class MisnamedController {
  @EventPattern('fsmon.no-such-topic.v1')
  onNothing(): void {
    // never called: listening fails first
  }
}

describe(FsmonKafkaTransport.name, () => {
  let broker: EmbeddedKafka;

  beforeAll(async () => {
    broker = await startEmbeddedKafka();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  async function microservice(controller: new () => unknown): Promise<{ app: INestMicroservice; transport: FsmonKafkaTransport }> {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaModule.forRootAsync({ useFactory: () => ({ brokers: broker.brokers, clientId: 'nest-spec', logLevel: 'nothing' as const }) })],
      controllers: [controller],
    }).compile();
    const transport = new FsmonKafkaTransport({ kafka: moduleRef.get(KAFKA_CLIENT), registry: moduleRef.get(KafkaConsumerRegistry), groupId: uniqueGroupId('nest'), retry: { retries: 1, initialDelayMs: 10 }, ...TEST_CONSUMER });
    const app = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    return { app, transport };
  }

  it('delivers validated payloads to an @EventPattern handler and dead-letters bad ones and failures', async () => {
    const { app, transport } = await microservice(StatusController);
    try {
      await app.listen();
      const publisher = app.get<EventPublisher>(EVENT_PUBLISHER);
      await publisher.publishRaw(Topics.CollectorStatus, { key: 'c1', value: withoutDefaults(status('c1')) });
      await publisher.publishRaw(Topics.CollectorStatus, { key: 'c2', value: Buffer.from(JSON.stringify({ collectorId: 'c2' })) });
      await publisher.publish(Topics.CollectorStatus, [{ key: 'c3', value: status('explode') }]);
      await publisher.publish(Topics.CollectorStatus, [{ key: 'c4', value: status('c4') }]);
      await waitFor(() => `2 handled, 2 dead letters (${JSON.stringify(transport.stats())})`, () => StatusController.received.length === 2 && transport.stats().deadLettered === 2);

      expect(StatusController.received.map((r) => r.key).sort()).toEqual(['c1', 'c4']);
      expect(StatusController.received.find((r) => r.key === 'c1')?.value).toEqual(status('c1'));
      const health = app.get(KafkaHealthIndicator).isHealthy('kafka');
      expect(health.kafka).toMatchObject({ status: 'up', publisher: 'connected', consumers: [{ status: 'connected', messagesIn: 4, deadLettered: 2 }] });
      expect(transport.stats().handlerErrors).toBe(2);
      const metrics = await register.metrics();
      expect(metrics).toContain(`fsmon_kafka_consumer_up{group="${transport.stats().groupId}"} 1`);
      expect(metrics).toContain(`fsmon_kafka_consumer_dead_lettered{group="${transport.stats().groupId}"} 2`);
    } finally {
      await app.close();
    }
    expect(transport.stats().status).toBe('stopped');
  });

  it('refuses to listen for a pattern that names no contract topic', async () => {
    const { app } = await microservice(MisnamedController);
    try {
      await expect(app.listen()).rejects.toBeInstanceOf(KafkaWiringError);
    } finally {
      await app.close();
    }
  });
});
