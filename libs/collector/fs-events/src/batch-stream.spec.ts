import { BatchStream } from './batch-stream';
import { FlowSwitch } from './flow-switch';

describe(BatchStream.name, () => {
  it('pauses the source past the high-water mark and resumes once the consumer caught up', async () => {
    const states: boolean[] = [];
    const flow = new FlowSwitch((paused) => states.push(paused));
    const stream = new BatchStream<number>(flow.consumer, 4);
    for (let i = 0; i < 5; i++) stream.push([i]);
    expect(states).toEqual([true]);
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual([0]);
    expect((await it.next()).value).toEqual([1]);
    expect((await it.next()).value).toEqual([2]);
    expect(states).toEqual([true, false]);
    stream.end();
    expect((await it.next()).value).toEqual([3]);
    expect((await it.next()).value).toEqual([4]);
    expect((await it.next()).done).toBe(true);
  });

  it("keeps the owner's pause while the consumer resumes", () => {
    const states: boolean[] = [];
    const flow = new FlowSwitch((paused) => states.push(paused));
    flow.owner(true);
    flow.consumer.pause();
    flow.consumer.resume();
    flow.owner(false);
    expect(states).toEqual([true, true, true, false]);
  });

  it('hands batches to a callback and counts its throws', () => {
    const stream = new BatchStream<number>({ pause: () => undefined, resume: () => undefined });
    const seen: number[][] = [];
    stream.onBatch((b) => {
      seen.push(b);
      if (b[0] === 2) throw new Error('consumer bug');
    });
    stream.push([1]);
    stream.push([]);
    stream.push([2]);
    expect(seen).toEqual([[1], [2]]);
    expect(stream.callbackErrors).toBe(1);
  });

  it('wakes a waiting iterator with the next batch', async () => {
    const stream = new BatchStream<string>({ pause: () => undefined, resume: () => undefined });
    const next = stream[Symbol.asyncIterator]().next();
    stream.push(['a']);
    expect(await next).toEqual({ value: ['a'], done: false });
  });
});
