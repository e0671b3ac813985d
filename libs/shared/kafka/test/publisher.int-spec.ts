import { TopicPartitions, Topics } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import { createKafka, ensureTopics, EventPublisher, KafkaPayloadError, KafkaUnavailableError, type KafkaClient } from '../src';
import { rawBatch, readRaw } from './kafka.support';

// Group joins take ~3 s on the embedded broker; the preset's testTimeout is not applied when jest
// runs the projects from the root config, so the bound is set here.
jest.setTimeout(30_000);

describe(EventPublisher.name, () => {
  let broker: EmbeddedKafka;
  let kafka: KafkaClient;
  let sut: EventPublisher;

  beforeAll(async () => {
    broker = await startEmbeddedKafka({ topics: { 'test.keys': 8, 'test.exactly-n': 4, 'test.gzip': 1 } });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'publisher-spec', logLevel: 'nothing' });
    sut = new EventPublisher(kafka);
    await sut.connect();
  });

  afterAll(async () => {
    await sut?.disconnect();
    await broker?.stop();
  });

  it('finds every fsmon topic pre-created with its partition count', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: Object.keys(TopicPartitions) });
      expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual(TopicPartitions);
    } finally {
      await admin.disconnect();
    }
  });

  it('ensureTopics carries on when the broker lacks CreateTopics', async () => {
    const result = await ensureTopics(kafka, { ...TopicPartitions, 'test.not-creatable': 2 });
    expect(result).toEqual({ created: [], existing: Object.keys(TopicPartitions), notCreated: ['test.not-creatable'] });
  });

  it('connects idempotently and delivers exactly N messages, no duplicates', async () => {
    const n = 300;
    for (let i = 0; i < n; i += 100) {
      await sut.publishRaw('test.exactly-n', Array.from({ length: 100 }, (_, j) => ({ key: `k${i + j}`, value: Buffer.from(String(i + j)) })));
    }
    const records = await readRaw(kafka, 'test.exactly-n', n);
    const values = records.map((r) => Number(r.value?.toString()));
    expect(new Set(values).size).toBe(n);
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('sends one key to one partition and spreads different keys', async () => {
    await sut.publishRaw('test.keys', Array.from({ length: 20 }, () => ({ key: 'one-key', value: Buffer.from('x') })));
    await sut.publishRaw('test.keys', Array.from({ length: 40 }, (_, i) => ({ key: `key-${i}`, value: Buffer.from('y') })));
    const records = await readRaw(kafka, 'test.keys', 60);
    const partitionsOf = (key: string) => new Set(records.filter((r) => r.key?.toString() === key).map((r) => r.partition));
    expect(partitionsOf('one-key').size).toBe(1);
    const spread = new Set(records.filter((r) => r.key?.toString().startsWith('key-')).map((r) => r.partition));
    expect(spread.size).toBeGreaterThan(4);
  });

  it('validates values against the topic contract and sends nothing when one is invalid', async () => {
    const bad = { ...rawBatch(1), events: [] };
    const publishing = sut.publish(Topics.RawEvents, [{ key: 'h1/host', value: rawBatch(0) }, { key: 'h1/host', value: bad }]);
    await expect(publishing).rejects.toBeInstanceOf(KafkaPayloadError);
    await expect(publishing).rejects.toMatchObject({ code: 'KAFKA_INVALID_PAYLOAD', index: 1, topic: Topics.RawEvents });
  });

  it('compresses large sends and they read back intact', async () => {
    const big = 'z'.repeat(100 * 1024);
    await sut.publishRaw('test.gzip', { key: 'g', value: Buffer.from(big) });
    const [record] = await readRaw(kafka, 'test.gzip', 1);
    expect(record.value?.toString()).toBe(big);
  });
});

describe(`${EventPublisher.name} during an outage`, () => {
  it('rejects with KafkaUnavailableError while the broker is down and delivers after it is back', async () => {
    const broker = await startEmbeddedKafka();
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'outage-spec', logLevel: 'nothing', retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 } });
    const sut = new EventPublisher(kafka, { retries: 2, initialRetryTimeMs: 100, maxRetryTimeMs: 500 });
    try {
      await sut.connect();
      await sut.publish(Topics.RawEvents, [{ key: 'h1/host', value: rawBatch(1) }]);
      broker.setBrokerDown(1);
      const failing = sut.publish(Topics.RawEvents, [{ key: 'h1/host', value: rawBatch(2) }]);
      await expect(failing).rejects.toBeInstanceOf(KafkaUnavailableError);
      await expect(failing).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
      expect(sut.state).toBe('unavailable');
      broker.setBrokerUp(1);
      await sut.publish(Topics.RawEvents, [{ key: 'h1/host', value: rawBatch(3) }]);
      expect(sut.state).toBe('connected');
      const records = await readRaw(kafka, Topics.RawEvents, 2);
      expect(records.map((r) => JSON.parse(r.value?.toString() ?? '').seq).sort()).toEqual([1, 3]);
    } finally {
      await sut.disconnect();
      await broker.stop();
    }
  });
});
