import { coveredBy } from '@fsmon/rules';
import { filter } from '../../../test/protect/support/policy.fixtures';
import { memoCoveredBy, newCoverageHint } from './coverage.memo';

describe(memoCoveredBy.name, () => {
  const data = filter('/data', '.*', { recursive: true });
  const conf = filter('/data/conf', 'app\\.conf', { behavior: 'block_access' });

  it('answers as coveredBy does, asked once or again', () => {
    const filters = [data, conf];
    for (const path of ['/data/a', '/data/conf/app.conf', '/tmp/x', '/data/conf/app.conf', '/tmp/x', '/data/a']) {
      expect(memoCoveredBy(path, filters)).toBe(coveredBy(path, filters));
    }
  });

  it('keeps filter lists apart: a new list (a policy change) is never answered from the old one', () => {
    expect(memoCoveredBy('/data/conf/app.conf', [data, conf])).toBe(conf);
    expect(memoCoveredBy('/data/conf/app.conf', [data])).toBe(data);
    expect(memoCoveredBy('/data/conf/app.conf', [])).toBeUndefined();
  });
});

describe('memoCoveredBy with a hint (one path)', () => {
  const data = filter('/data', '.*', { recursive: true });
  const conf = filter('/data/conf', 'app\\.conf', { behavior: 'block_access' });

  it('answers as coveredBy does and keeps the answer on the hint', () => {
    const filters = [data, conf];
    const hint = newCoverageHint();
    expect(memoCoveredBy('/data/conf/app.conf', filters, hint)).toBe(conf);
    expect(hint).toEqual({ coverList: filters, coverFilter: conf });
    expect(memoCoveredBy('/data/conf/app.conf', filters, hint)).toBe(conf);
    const none = newCoverageHint();
    expect(memoCoveredBy('/tmp/x', filters, none)).toBeUndefined();
    expect(none).toEqual({ coverList: filters, coverFilter: null });
  });

  it('never answers from a hint made under another filter list (a policy change): it is computed again', () => {
    const hint = newCoverageHint();
    const path = '/data/conf/app.conf';
    expect(memoCoveredBy(path, [data, conf], hint)).toBe(conf);
    // Equal content, new list: recomputed, and the new list's own filter objects are returned.
    const conf2 = { ...conf };
    expect(memoCoveredBy(path, [data, conf2], hint)).toBe(conf2);
    expect(memoCoveredBy(path, [data], hint)).toBe(data);
    expect(memoCoveredBy(path, [], hint)).toBeUndefined();
    expect(memoCoveredBy(path, [conf], hint)).toBe(conf);
  });
});
