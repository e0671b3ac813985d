import { SliceFeeder } from './slice-feeder';

const unit = (events: number[], log: string[], name: string) => ({
  decode: () => {
    log.push(`decode ${name}`);
    return events;
  },
  release: () => log.push(`release ${name}`),
});

describe(SliceFeeder.name, () => {
  it('hands every event on in order, in slices, releasing each buffer after its last slice', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    const feeder = new SliceFeeder<number>((slice) => {
      log.push(`slice ${slice.length}`);
      seen.push(...slice);
    }, { sliceEvents: 2 });
    feeder.add(unit([1, 2, 3], log, 'a'));
    feeder.add(unit([4], log, 'b'));
    expect(log).toEqual([]); // nothing runs inside add(): the caller's turn stays short
    await feeder.idle();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(log).toEqual(['decode a', 'slice 2', 'slice 1', 'release a', 'decode b', 'slice 1', 'release b']);
    expect(feeder.depth).toBe(0);
  });

  it('gives the event loop a turn once its budget is spent, and goes on after it', async () => {
    const seen: number[] = [];
    const feeder = new SliceFeeder<number>((slice) => seen.push(...slice), { sliceEvents: 1, budgetMs: 0 });
    const events = Array.from({ length: 5 }, (_, i) => i);
    feeder.add({ decode: () => events, release: () => undefined });
    let turns = 0;
    const other = setInterval(() => turns++, 0);
    await feeder.idle();
    clearInterval(other);
    expect(seen).toEqual(events);
    expect(feeder.yields).toBe(4);
  });

  it('counts a buffer whose decoder throws, releases it and goes on with the next', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    const feeder = new SliceFeeder<number>((slice) => seen.push(...slice));
    feeder.add({ decode: () => { throw new Error('bug'); }, release: () => log.push('release bad') });
    feeder.add(unit([7], log, 'next'));
    await feeder.idle();
    expect(feeder.decodeFailures).toBe(1);
    expect(log).toEqual(['release bad', 'decode next', 'release next']);
    expect(seen).toEqual([7]);
  });

  it('releases a buffer that decodes to nothing, so the reader is never left waiting', async () => {
    const log: string[] = [];
    const feeder = new SliceFeeder<number>(() => log.push('slice'));
    feeder.add(unit([], log, 'empty'));
    await feeder.idle();
    expect(log).toEqual(['decode empty', 'release empty']);
  });

  it('resolves idle() at once when nothing is queued', async () => {
    await expect(new SliceFeeder<number>(() => undefined).idle()).resolves.toBeUndefined();
  });
});
