import { HeapCompactor } from './heap.compactor';

const MB = 1024 * 1024;

describe(HeapCompactor.name, () => {
  const setup = (usedMb: number[]) => {
    let t = 0;
    const used = [...usedMb];
    const collect = jest.fn(async () => undefined);
    const compactor = new HeapCompactor({ collect, usedBytes: () => (used.length > 1 ? (used.shift() as number) : used[0]) * MB, now: () => t, minIntervalMs: 1000 });
    return { compactor, collect, advance: (ms: number) => (t += ms), used };
  };

  it('collects once a burst left the heap above the floor, and records what it freed', async () => {
    const { compactor, collect } = setup([300, 60]);
    await compactor.afterBurst();
    expect(collect).toHaveBeenCalledTimes(1);
    expect(compactor.counters).toMatchObject({ compactions: 1, lastBeforeBytes: 300 * MB, lastAfterBytes: 60 * MB });
  });

  it('leaves a heap below the floor alone', async () => {
    const { compactor, collect } = setup([40]);
    await compactor.afterBurst();
    expect(collect).not.toHaveBeenCalled();
  });

  it('collects again only when the heap doubled since the last collection and the interval passed', async () => {
    const { compactor, collect, advance, used } = setup([300, 100]);
    await compactor.afterBurst();
    advance(5000);
    used.splice(0, used.length, 150);
    await compactor.afterBurst(); // 150 MB < 2 × 100 MB
    expect(collect).toHaveBeenCalledTimes(1);
    used.splice(0, used.length, 250, 90);
    await compactor.afterBurst(); // doubled, 5 s later
    expect(collect).toHaveBeenCalledTimes(2);
    advance(10);
    used.splice(0, used.length, 400);
    await compactor.afterBurst(); // doubled, but 10 ms after the last one
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('counts a failed collection and carries on', async () => {
    const compactor = new HeapCompactor({ collect: () => Promise.reject(new Error('no')), usedBytes: () => 300 * MB });
    await compactor.afterBurst();
    expect(compactor.counters).toMatchObject({ compactions: 0, failures: 1 });
  });

  it('really collects with the default (a full GC through vm.measureMemory), and times it', async () => {
    const compactor = new HeapCompactor({ floorBytes: 0 });
    await compactor.afterBurst();
    expect(compactor.counters).toMatchObject({ compactions: 1, failures: 0 });
    expect(compactor.counters.lastMs).toBeGreaterThan(0);
  });
});
