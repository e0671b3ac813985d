import { DeadLetterHeaders, Topics } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import { createKafka, EventPublisher, TopicConsumer, type KafkaClient, type RawConsumedMessage } from '../src';
import { DLQ, quietLogger, rawBatch, readRaw, TEST_CONSUMER, uniqueGroupId, waitFor } from './kafka.support';

jest.setTimeout(30_000);

describe(`${TopicConsumer.name} rawHandlers`, () => {
  let broker: EmbeddedKafka;
  let kafka: KafkaClient;
  let publisher: EventPublisher;
  let sut: TopicConsumer | undefined;

  beforeEach(async () => {
    broker = await startEmbeddedKafka();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'raw-handlers-spec', logLevel: 'nothing' });
    publisher = new EventPublisher(kafka);
  });

  afterEach(async () => {
    await sut?.stop();
    await publisher.disconnect();
    await broker.stop();
  });

  it('hands every message over undecoded, in order, and dead-letters what the owner rejects with its original key, bytes and headers', async () => {
    const inputs = [Buffer.from(JSON.stringify(rawBatch(0))), Buffer.from('{ not json'), Buffer.from(JSON.stringify(rawBatch(1)))];
    for (const value of inputs) await publisher.publishRaw(Topics.RawEvents, { key: 'h1/host', value, headers: { trace: 't1' } });
    const seen: RawConsumedMessage[] = [];
    sut = new TopicConsumer(kafka, {
      groupId: uniqueGroupId('raw'),
      rawHandlers: { [Topics.RawEvents]: (m) => void seen.push(m) },
      logger: quietLogger,
      ...TEST_CONSUMER,
    });
    await sut.start();
    await waitFor(() => `3 handed over (${seen.length})`, () => seen.length === 3);

    expect(seen.map((m) => m.value)).toEqual(inputs);
    expect(seen.map((m) => m.offset)).toEqual(['0', '1', '2']);
    expect(seen[1]).toMatchObject({ topic: Topics.RawEvents, key: 'h1/host', keyBytes: Buffer.from('h1/host'), headers: { trace: 't1' } });
    expect(sut.stats().deadLettered).toBe(0);

    await sut.deadLetter(seen[1], 'not JSON: owner said so', 'not-json');
    const [letter] = await readRaw(kafka, DLQ, 1);
    expect(letter.key?.toString()).toBe('h1/host');
    expect(letter.value).toEqual(inputs[1]);
    expect(letter.headers).toMatchObject({
      trace: 't1',
      [DeadLetterHeaders.OriginalTopic]: Topics.RawEvents,
      [DeadLetterHeaders.OriginalOffset]: '1',
      [DeadLetterHeaders.Reason]: 'not JSON: owner said so',
    });
    expect(sut.stats().deadLettered).toBe(1);
  });
});
