import { coveredBy } from '@fsmon/rules';
import { filter } from '../../../test/protect/support/policy.fixtures';
import { memoCoveredBy } from './coverage.memo';

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
