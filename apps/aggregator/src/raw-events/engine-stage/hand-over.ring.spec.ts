import { HandOverRing } from './hand-over.ring';

describe('HandOverRing', () => {
  it('hands out regions one after the other and starts over at 0 once all are given back', () => {
    const ring = new HandOverRing(100);
    expect(ring.take(30)).toEqual({ at: 0, length: 30 });
    expect(ring.take(50)).toEqual({ at: 30, length: 50 });
    ring.giveBack();
    ring.giveBack();
    expect(ring.take(90)).toEqual({ at: 0, length: 90 });
  });

  it('wraps to the start when the end has no room, and never overlaps a region still taken', () => {
    const ring = new HandOverRing(100);
    ring.take(40); // [0, 40)
    ring.take(40); // [40, 80)
    ring.giveBack(); // [0, 40) free again
    expect(ring.take(30)).toEqual({ at: 0, length: 30 }); // 20 left at the end: wraps
    expect(ring.take(15)).toBeUndefined(); // only [30, 40) is free now
    expect(ring.take(10)).toEqual({ at: 30, length: 10 });
    expect(ring.take(1)).toBeUndefined();
    ring.giveBack(); // [40, 80) free: the regions taken are [0, 40), no longer wrapped
    expect(ring.take(60)).toEqual({ at: 40, length: 60 });
  });

  it('refuses what does not fit at all, and zero-length regions take no room', () => {
    const ring = new HandOverRing(10);
    expect(ring.take(11)).toBeUndefined();
    expect(ring.take(10)).toEqual({ at: 0, length: 10 });
    expect(ring.take(0)).toEqual({ at: 10, length: 0 });
    expect(ring.take(1)).toBeUndefined();
    ring.giveBack();
    ring.giveBack();
    expect(ring.take(10)).toEqual({ at: 0, length: 10 });
  });

  it('keeps every region taken disjoint under random use (in-order give-back)', () => {
    const ring = new HandOverRing(1000);
    const live: { at: number; length: number }[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 5000; step++) {
      if (live.length > 0 && random() < 0.45) {
        ring.giveBack();
        live.shift();
        continue;
      }
      const region = ring.take(Math.floor(random() * 300));
      if (region === undefined) continue;
      expect(region.at + region.length).toBeLessThanOrEqual(1000);
      for (const other of live) {
        const apart = region.at + region.length <= other.at || other.at + other.length <= region.at;
        expect(apart || region.length === 0 || other.length === 0).toBe(true);
      }
      live.push(region);
    }
  });
});
