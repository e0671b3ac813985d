import { RecentIds } from './recent-ids';

describe(RecentIds.name, () => {
  it('tells repeats apart and forgets the oldest past its capacity', () => {
    const ids = new RecentIds(2);
    expect([ids.add('a'), ids.add('a'), ids.add('b'), ids.add('c')]).toEqual([true, false, true, true]);
    expect(ids.add('a')).toBe(true); // forgotten when c came
    expect(ids.add('c')).toBe(false);
  });
});
