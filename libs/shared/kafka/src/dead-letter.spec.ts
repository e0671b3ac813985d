import { DeadLetterHeaders } from '@fsmon/contracts';
import { deadLetterCounter, deadLetterHeaders } from './dead-letter';

describe(deadLetterHeaders.name, () => {
  it('keeps the original headers and adds reason and origin', () => {
    const origin = { topic: 'fsmon.reports.v1', partition: 3, offset: '42', groupId: 'g', headers: { trace: 't', [DeadLetterHeaders.Reason]: 'old' } };
    expect(deadLetterHeaders(origin, 'bad', new Date('2025-01-01T00:00:00Z'))).toEqual({
      trace: 't',
      [DeadLetterHeaders.Reason]: 'bad',
      [DeadLetterHeaders.OriginalTopic]: 'fsmon.reports.v1',
      [DeadLetterHeaders.OriginalPartition]: '3',
      [DeadLetterHeaders.OriginalOffset]: '42',
      [DeadLetterHeaders.ConsumerGroup]: 'g',
      [DeadLetterHeaders.FailedAt]: '2025-01-01T00:00:00.000Z',
    });
  });
});

describe(deadLetterCounter.name, () => {
  it('is one counter per process', () => {
    expect(deadLetterCounter()).toBe(deadLetterCounter());
  });
});
