/** An item's place in one RecencyList (an item kept in two lists has a link for each). */
export class RecencyLink<T> {
  prev: RecencyLink<T> | null = null;
  next: RecencyLink<T> | null = null;
  listed = false;
  constructor(readonly item: T) {}
}

/**
 * Items least recently touched first: the order a Set keeps when each touch deletes and re-adds
 * the item, without the Set's cost. A Set of ~10,000 entries that churns like that rehashes into a
 * fresh table every few thousand moves, a large object each time (page faults and copying: ~10%
 * of the engine worker's samples in `perf`). Here a touch relinks two neighbours.
 */
export class RecencyList<T> {
  private head: RecencyLink<T> | null = null;
  private tail: RecencyLink<T> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Puts the link's item last (most recently touched), listing it if it was not. */
  touch(link: RecencyLink<T>): void {
    if (link.listed) {
      if (this.tail === link) return;
      this.unlink(link);
    } else {
      link.listed = true;
      this.count++;
    }
    link.prev = this.tail;
    link.next = null;
    if (this.tail === null) this.head = link;
    else this.tail.next = link;
    this.tail = link;
  }

  /** Unlists the link's item; false when it was not listed. */
  delete(link: RecencyLink<T>): boolean {
    if (!link.listed) return false;
    this.unlink(link);
    link.listed = false;
    this.count--;
    return true;
  }

  /** The least recently touched item. */
  first(): T | undefined {
    return this.head?.item;
  }

  /** Calls `fn` on every item, least recently touched first (the list must not change meanwhile). */
  forEach(fn: (item: T) => void): void {
    for (let link = this.head; link !== null; link = link.next) fn(link.item);
  }

  /** The first item, least recently touched first, that satisfies `test`. */
  find(test: (item: T) => boolean): T | undefined {
    for (let link = this.head; link !== null; link = link.next) if (test(link.item)) return link.item;
    return undefined;
  }

  /** The items, least recently touched first (a copy: safe to change the list while walking it). */
  toArray(): T[] {
    const out: T[] = [];
    for (let link = this.head; link !== null; link = link.next) out.push(link.item);
    return out;
  }

  private unlink(link: RecencyLink<T>): void {
    if (link.prev === null) this.head = link.next;
    else link.prev.next = link.next;
    if (link.next === null) this.tail = link.prev;
    else link.next.prev = link.prev;
    link.prev = null;
    link.next = null;
  }
}
