import { Topics } from '@fsmon/contracts';
import { EventPublisher } from '@fsmon/kafka';
import { collectorStatus } from './contracts.testing';
import { collectMessages, startTestKafka, type TestKafka } from './kafka.testing';

// Group joins take ~3 s on the embedded broker; the preset's testTimeout is not applied when jest
// runs the projects from the root config, so the bound is set here.
jest.setTimeout(30_000);

const status = collectorStatus('c1', 1);

describe(collectMessages.name, () => {
  let sut: TestKafka;
  let publisher: EventPublisher;

  beforeAll(async () => {
    sut = await startTestKafka();
    publisher = new EventPublisher(sut.kafka);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await sut?.stop();
  });

  it('returns decoded contract values with key and headers, and raw dead letters', async () => {
    await publisher.publish(Topics.CollectorStatus, [{ key: 'c1', value: status, headers: { trace: 'x' } }]);
    await publisher.publishRaw(Topics.DeadLetters, { key: 'k', value: Buffer.from('raw') });

    const [statusMessage] = await collectMessages(sut.brokers, Topics.CollectorStatus, { count: 1 });
    expect(statusMessage).toMatchObject({ topic: Topics.CollectorStatus, key: 'c1', headers: { trace: 'x' }, value: status });
    const [letter] = await collectMessages(sut.brokers, Topics.DeadLetters, { count: 1 });
    expect(letter.value).toEqual(Buffer.from('raw'));
  });

  it('names what it waited for when it times out', async () => {
    await expect(collectMessages(sut.brokers, Topics.Reports, { count: 1, timeoutMs: 4000 })).rejects.toThrow(
      'timed out after 4000 ms waiting for 1 records on fsmon.reports.v1 (got 0)',
    );
  });
});
