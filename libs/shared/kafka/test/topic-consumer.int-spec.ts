import { DeadLetterHeaders, Topics, type RawEventBatch, type SchemaTopic } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import { register } from 'prom-client';
import { createKafka, EventPublisher, TopicConsumer, type ConsumedMessage, type KafkaClient } from '../src';
import { DLQ, quietLogger, rawBatch, readRaw, TEST_CONSUMER, uniqueGroupId, waitFor } from './kafka.support';

// Group joins take ~3 s on the embedded broker; the preset's testTimeout is not applied when jest
// runs the projects from the root config, so the bound is set here.
jest.setTimeout(30_000);

describe(TopicConsumer.name, () => {
  let broker: EmbeddedKafka;
  let kafka: KafkaClient;
  let publisher: EventPublisher;
  const consumers: TopicConsumer[] = [];
  const KEY = 'h1/host';

  beforeEach(async () => {
    broker = await startEmbeddedKafka();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'consumer-spec', logLevel: 'nothing' });
    publisher = new EventPublisher(kafka);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await publisher.disconnect();
    await broker.stop();
  });

  function consumer(handle: (m: ConsumedMessage<typeof Topics.RawEvents>) => void | Promise<void>, extra: Partial<ConstructorParameters<typeof TopicConsumer>[1]> = {}) {
    const c = new TopicConsumer(kafka, { groupId: uniqueGroupId('spec'), handlers: { [Topics.RawEvents]: handle }, logger: quietLogger, ...TEST_CONSUMER, ...extra });
    consumers.push(c);
    return c;
  }

  async function committed(groupId: string, topic: SchemaTopic, partition: number): Promise<string | undefined> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets.partitions.find((p) => p.partition === partition)?.offset;
    } finally {
      await admin.disconnect();
    }
  }

  async function deadLetterCount(cause: string): Promise<number> {
    const metric = register.getSingleMetric('fsmon_kafka_dead_letters_total');
    const values = metric ? (await metric.get()).values : [];
    return values.find((v) => v.labels.topic === Topics.RawEvents && v.labels.cause === cause)?.value ?? 0;
  }

  it('hands valid messages over in order and dead-letters invalid ones with their original bytes', async () => {
    const inputs: (Buffer | null)[] = [
      Buffer.from(JSON.stringify(rawBatch(0))),
      Buffer.from('{ not json'),
      Buffer.from(JSON.stringify(rawBatch(1))),
      Buffer.from(JSON.stringify({ ...rawBatch(9), schema: 2 })),
      null,
      Buffer.from(JSON.stringify(rawBatch(2))),
    ];
    const before = { notJson: await deadLetterCount('not-json'), schema: await deadLetterCount('schema'), empty: await deadLetterCount('empty') };
    for (const value of inputs) await publisher.publishRaw(Topics.RawEvents, { key: KEY, value, headers: { trace: 't1' } });
    const seen: RawEventBatch[] = [];
    const sut = consumer((m) => void seen.push(m.value));
    await sut.start();
    await waitFor(() => `3 handled and 3 dead-lettered (${JSON.stringify(sut.stats())})`, () => seen.length === 3 && sut.stats().deadLettered === 3);

    expect(seen.map((b) => b.seq)).toEqual([0, 1, 2]);
    const letters = await readRaw(kafka, DLQ, 3);
    const partition = letters[0].headers[DeadLetterHeaders.OriginalPartition];
    const byOffset = new Map(letters.map((l) => [l.headers[DeadLetterHeaders.OriginalOffset], l]));
    expect([...byOffset.keys()].sort()).toEqual(['1', '3', '4']);
    for (const [offset, letter] of byOffset) {
      expect(letter.key?.toString()).toBe(KEY);
      expect(letter.value).toEqual(inputs[Number(offset)]);
      expect(letter.headers[DeadLetterHeaders.OriginalTopic]).toBe(Topics.RawEvents);
      expect(letter.headers[DeadLetterHeaders.ConsumerGroup]).toBe(sut.stats().groupId);
      expect(letter.headers.trace).toBe('t1');
    }
    expect(byOffset.get('1')?.headers[DeadLetterHeaders.Reason]).toMatch(/^not JSON/);
    expect(byOffset.get('3')?.headers[DeadLetterHeaders.Reason]).toMatch(/schema/);
    expect(byOffset.get('4')?.headers[DeadLetterHeaders.Reason]).toMatch(/empty value/);
    expect(await deadLetterCount('not-json')).toBe(before.notJson + 1);
    expect(await deadLetterCount('schema')).toBe(before.schema + 1);
    expect(await deadLetterCount('empty')).toBe(before.empty + 1);
    await waitFor(() => 'the commit past the last message', () => sut.stats().messagesIn === 6);
    expect(await committed(sut.stats().groupId, Topics.RawEvents, Number(partition))).toBe('6');
  });

  it('as a read-only viewer, passes over what it cannot handle (counted) and writes nothing', async () => {
    const inputs = [Buffer.from(JSON.stringify(rawBatch(0))), Buffer.from('{ not json'), Buffer.from(JSON.stringify(rawBatch(1))), Buffer.from(JSON.stringify(rawBatch(2)))];
    for (const value of inputs) await publisher.publishRaw(Topics.RawEvents, { key: KEY, value });
    const seen: number[] = [];
    const sut = consumer(
      (m) => {
        if (m.value.seq === 2) throw new Error('boom');
        seen.push(m.value.seq);
      },
      { readOnly: true, retry: { retries: 1, initialDelayMs: 20 } },
    );
    await sut.start();
    await waitFor(() => `4 messages in (${JSON.stringify(sut.stats())})`, () => sut.stats().messagesIn === 4 && sut.stats().skipped === 2);

    expect(seen).toEqual([0, 1]);
    expect(sut.stats()).toMatchObject({ skipped: 2, deadLettered: 0, handlerErrors: 2 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(DLQ);
      expect(ends.map((p) => p.high)).toEqual(ends.map(() => '0'));
    } finally {
      await admin.disconnect();
    }
  });

  it('retries a throwing handler, then dead-letters the message and carries on', async () => {
    const attempts = new Map<number, number>();
    const handled: number[] = [];
    const sut = consumer(
      (m) => {
        attempts.set(m.value.seq, (attempts.get(m.value.seq) ?? 0) + 1);
        if (m.value.seq === 1) throw new Error('boom');
        handled.push(m.value.seq);
      },
      { retry: { retries: 2, initialDelayMs: 20 } },
    );
    const before = await deadLetterCount('handler-error');
    await publisher.publish(Topics.RawEvents, [0, 1, 2].map((seq) => ({ key: KEY, value: rawBatch(seq) })));
    await sut.start();
    await waitFor(() => `seq 0 and 2 handled (${handled.join()})`, () => handled.length === 2);

    expect(handled).toEqual([0, 2]);
    expect(attempts.get(1)).toBe(3);
    expect(sut.stats()).toMatchObject({ deadLettered: 1, handlerErrors: 3 });
    const [letter] = await readRaw(kafka, DLQ, 1);
    expect(letter.headers[DeadLetterHeaders.Reason]).toBe('handler failed after 3 attempts: boom');
    expect(JSON.parse(letter.value?.toString() ?? '')).toMatchObject({ seq: 1 });
    expect(await deadLetterCount('handler-error')).toBe(before + 1);
  });

  it("commits only what its owner released in 'caller' mode, skipping dead letters once safe", async () => {
    const received: ConsumedMessage<typeof Topics.RawEvents>[] = [];
    const sut = consumer((m) => void received.push(m), { commits: 'caller' });
    const groupId = sut.stats().groupId;
    await publisher.publish(Topics.RawEvents, [{ key: KEY, value: rawBatch(0) }]);
    await publisher.publishRaw(Topics.RawEvents, { key: KEY, value: Buffer.from('bad') });
    await publisher.publish(Topics.RawEvents, [1, 2].map((seq) => ({ key: KEY, value: rawBatch(seq) })));
    await sut.start();
    await waitFor(() => `3 messages (${received.length})`, () => received.length === 3 && sut.stats().deadLettered === 1);
    const { partition } = received[0];
    expect(received.map((m) => m.offset)).toEqual(['0', '2', '3']);

    expect(['-1', '0']).toContain(await committed(groupId, Topics.RawEvents, partition));
    await sut.commit(Topics.RawEvents, partition, '0');
    expect(await committed(groupId, Topics.RawEvents, partition)).toBe('2');
    await sut.commit(Topics.RawEvents, partition, '3');
    expect(await committed(groupId, Topics.RawEvents, partition)).toBe('4');
  });

  it('splits the partitions between two members of one group', async () => {
    const groupId = uniqueGroupId('pair');
    const got = [new Set<number>(), new Set<number>()];
    // Two members joining at once sometimes get INVALID_REQUEST from the mock broker's SyncGroup;
    // a member that could not join is replaced, as the apps do (bounded: 3 attempts each).
    const member = async (i: number): Promise<TopicConsumer> => {
      for (let attempt = 1; ; attempt++) {
        const c = consumer((m) => void got[i].add(m.partition), { groupId });
        try {
          await c.start();
          return c;
        } catch (e) {
          await c.stop();
          if (attempt === 3) throw e;
        }
      }
    };
    const pair = await Promise.all([member(0), member(1)]);
    const assigned = (i: number) => pair[i].stats().assignment[Topics.RawEvents] ?? [];
    await waitFor(
      () => `both members assigned (${assigned(0).join()} | ${assigned(1).join()})`,
      () => assigned(0).length > 0 && assigned(1).length > 0 && assigned(0).length + assigned(1).length === 8,
      20_000,
    );
    expect(new Set([...assigned(0), ...assigned(1)]).size).toBe(8);

    await publisher.publish(Topics.RawEvents, Array.from({ length: 40 }, (_, i) => ({ key: `host-${i}`, value: rawBatch(i) })));
    const total = () => pair.reduce((n, c) => n + c.stats().messagesIn, 0);
    await waitFor(() => `40 messages across the pair (${total()})`, () => total() >= 40, 20_000);
    for (const i of [0, 1]) {
      expect(got[i].size).toBeGreaterThan(0);
      expect([...got[i]].every((p) => assigned(i).includes(p))).toBe(true);
    }
  });
});
