import { etagFor, ifMatchAllows, sameContent, stamp } from './revision';
import { group, LATER } from '../test/groups.fixture';

describe(ifMatchAllows.name, () => {
  it.each([
    [undefined, 7, true],
    ['', 7, true],
    ['*', 7, true],
    ['*', null, false],
    ['"7"', 7, true],
    ['W/"7"', 7, true],
    ['"6", "7"', 7, true],
    ['"6"', 7, false],
    ['7', 7, false],
    ['"7"', null, false],
  ])('If-Match %j against revision %j → %s', (header, revision, allowed) => {
    expect(ifMatchAllows(header, revision === null ? null : { revision })).toBe(allowed);
  });

  it('quotes the revision as the ETag', () => {
    expect(etagFor(42)).toBe('"42"');
  });
});

describe(sameContent.name, () => {
  it('ignores the stamp but sees any other change', () => {
    const g = group();
    expect(sameContent(g, stamp(g, 9, LATER))).toBe(true);
    expect(sameContent(g, { ...g, profile: { ...g.profile, mode: 'Monitor' } })).toBe(false);
  });
});
