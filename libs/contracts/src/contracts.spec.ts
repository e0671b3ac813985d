import { decodeValue, encodeValue, filterKey, Topics } from './index';

describe('filterKey', () => {
  it('ends with a slash for single-file filters and joins path and regex otherwise', () => {
    expect(filterKey({ path: '/etc/passwd', regex: '' })).toBe('/etc/passwd/');
    expect(filterKey({ path: '/bin', regex: '.*' })).toBe('/bin/.*');
  });
});

describe(decodeValue.name, () => {
  it('rejects non-JSON with a reason', () => {
    const r = decodeValue(Topics.Reports, Buffer.from('{nope'));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('not JSON') });
  });
  it('rejects a null value', () => {
    expect(decodeValue(Topics.Policy, null).ok).toBe(false);
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
