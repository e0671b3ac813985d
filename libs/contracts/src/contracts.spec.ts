import { decodeValue, encodeValue, filterKey, MAX_VALUE_BYTES, Topics } from './index';

describe('filterKey', () => {
  it('ends with a slash for single-file filters and joins path and regex otherwise', () => {
    expect(filterKey({ path: '/etc/passwd', regex: '' })).toBe('/etc/passwd/');
    expect(filterKey({ path: '/bin', regex: '.*' })).toBe('/bin/.*');
  });
});

describe(decodeValue.name, () => {
  it.each([
    ['a tombstone', null, 'empty'],
    ['an oversized value', Buffer.alloc(MAX_VALUE_BYTES + 1), 'too-big'],
    ['unparsable text', Buffer.from('{nope'), 'not-json'],
    ['a schema failure', Buffer.from('{}'), 'schema'],
  ])('rejects %s with a cause and a reason', (_case, value, cause) => {
    const r = decodeValue(Topics.Policy, value);
    expect(r).toEqual({ ok: false, cause, reason: expect.any(String) });
  });
  it('round-trips through encodeValue', () => {
    const value = {
      collectorId: 'c1',
      host: { id: 'h1', name: 'node-1' },
      batchId: 'b1',
      rules: [{ group: 'g', filter: '/etc/passwd/', path: '/usr/bin/cat' }],
    };
    const r = decodeValue(Topics.LearnedRules, encodeValue(Topics.LearnedRules, value));
    expect(r).toEqual({ ok: true, value });
  });
  it('refuses to encode an invalid value', () => {
    expect(() => encodeValue(Topics.LearnedRules, { rules: [] } as never)).toThrow();
  });
});
