import { RecencyLink, RecencyList } from './recency-list';

/** The order it replaces: a Set whose touch deletes and re-adds. */
class SetOrder<T> {
  readonly set = new Set<T>();
  touch(item: T): void {
    this.set.delete(item);
    this.set.add(item);
  }
}

describe(RecencyList.name, () => {
  it('keeps the order of a Set re-ordered by delete-then-add, through random touches and deletes', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const links = Array.from({ length: 50 }, (_, i) => new RecencyLink(i));
    const list = new RecencyList<number>();
    const ref = new SetOrder<number>();
    for (let step = 0; step < 20_000; step++) {
      const link = links[Math.floor(next() * links.length)];
      if (next() < 0.3) expect(list.delete(link)).toBe(ref.set.delete(link.item));
      else {
        list.touch(link);
        ref.touch(link.item);
      }
      if (step % 97 === 0) {
        expect(list.toArray()).toEqual([...ref.set]);
        expect(list.size).toBe(ref.set.size);
        expect(list.first()).toBe([...ref.set][0]);
      }
    }
  });

  it('walks, finds and copies least recently touched first', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => new RecencyLink(x));
    const list = new RecencyList<string>();
    for (const link of [a, b, c, a]) list.touch(link);
    const seen: string[] = [];
    list.forEach((x) => seen.push(x));
    expect(seen).toEqual(['b', 'c', 'a']);
    expect(list.find((x) => x !== 'b')).toBe('c');
    expect(list.find(() => false)).toBeUndefined();
    const copy = list.toArray();
    for (const link of [a, b, c]) list.delete(link);
    expect({ copy, size: list.size, first: list.first(), again: list.delete(a) }).toEqual({ copy: ['b', 'c', 'a'], size: 0, first: undefined, again: false });
  });
});
