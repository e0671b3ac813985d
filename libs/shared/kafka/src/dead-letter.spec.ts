import { DeadLetterHeaders, MAX_VALUE_BYTES } from '@fsmon/contracts';
import { deadLetterCounter, deadLetterHeaders, decodeFailureCause } from './dead-letter';

describe(decodeFailureCause.name, () => {
  it.each([
    ['a tombstone', null, 'empty value (tombstone) where a payload is required', 'empty'],
    ['an oversized value', Buffer.alloc(MAX_VALUE_BYTES + 1), `value of ${MAX_VALUE_BYTES + 1} bytes exceeds ${MAX_VALUE_BYTES}`, 'too-big'],
    ['unparsable text', Buffer.from('{'), 'not JSON: Unexpected end of JSON input', 'not-json'],
    ['a schema failure', Buffer.from('{}'), 'fsmon.policy.v1 schema: group: Required', 'schema'],
  ])('classifies %s', (_case, value, reason, cause) => {
    expect(decodeFailureCause(value, reason)).toBe(cause);
  });
});

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
