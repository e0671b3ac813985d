import type { RawEvent } from '@fsmon/contracts';
import { enqueueInSlices, SINK_SLICE } from './sink.slices';

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `/f${i}` }) as unknown as RawEvent);

describe(enqueueInSlices.name, () => {
  it('hands every event on once, in order, in slices of at most SINK_SLICE', async () => {
    const calls: Array<{ events: RawEvent[]; containerId?: string | null }> = [];
    const all = events(SINK_SLICE * 2 + 3);
    await enqueueInSlices({ enqueue: (e, containerId) => calls.push({ events: e, containerId }) }, all, 'c1');
    expect(calls.map((c) => c.events.length)).toEqual([SINK_SLICE, SINK_SLICE, 3]);
    expect(calls.flatMap((c) => c.events)).toEqual(all);
    expect(calls.every((c) => c.containerId === 'c1')).toBe(true);
  });

  it('lets other work run between slices', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other')); // queued before: runs in the turn the sink call leaves
    await enqueueInSlices({ enqueue: () => log.push('slice') }, events(SINK_SLICE + 1));
    expect(log).toEqual(['slice', 'other', 'slice']);
  });

  it('calls the sink not at all for nothing', async () => {
    const enqueue = jest.fn();
    await enqueueInSlices({ enqueue }, []);
    expect(enqueue).not.toHaveBeenCalled();
  });
});
