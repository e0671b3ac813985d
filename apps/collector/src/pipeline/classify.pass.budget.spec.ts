import type { FileRawEvent, RawEvent } from '@fsmon/contracts';
import { Coalescer, IN_MODIFY } from '@fsmon/collector-domain';
import type { ProcRecord } from '../attribution/proc-record';
import type { WatchManager } from '../watch/watch.manager';
import type { WorkloadWatch } from '../watch/workload.watch';
import { ClassifyPass } from './classify.pass';
import type { EntryClassifier } from './entry.classifier';
import { newPassCounters } from './pass.counters';
import type { PendingContext } from './pending.types';

/**
 * The pass budget, with a real coalescer and a clock that advances 1 ms per classified path (so a
 * 200 ms window's 150 ms budget covers two chunks of 128 paths). Workloads are host watches: alive
 * without reading /proc.
 */
describe('ClassifyPass budget', () => {
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  function setup() {
    const watches = new Map<number, WorkloadWatch>();
    const watch = (rootPid: number) => {
      const w = { workload: { rootPid, isHost: true }, closed: false } as unknown as WorkloadWatch;
      watches.set(rootPid, w);
      return w;
    };
    const storm = watch(10);
    const quiet = watch(20);
    const coalescer = new Coalescer<PendingContext, ProcRecord>({ maxPaths: 100_000 });
    const classified: string[] = [];
    const classify = async (p: { rootPid: number; path: string; events: number }) => {
      now += 1;
      classified.push(`${p.rootPid}:${p.path}:${p.events}`);
      return { reported: { kind: 'modified', path: p.path } as unknown as FileRawEvent };
    };
    const classifier = { classifyChunk: (chunk: Array<Parameters<typeof classify>[0]>) => Promise.all(chunk.map(classify)) } as unknown as EntryClassifier;
    const sunk: RawEvent[] = [];
    const counters = newPassCounters();
    const pass = new ClassifyPass({
      coalescer,
      classifier,
      manager: { get: (rootPid: number) => watches.get(rootPid) } as unknown as WatchManager,
      sink: { enqueue: (events) => void sunk.push(...events) },
      counters,
      procDir: '/proc',
      windowMs: 200,
      onWindowOverflow: () => undefined,
    });
    const add = (w: WorkloadWatch, path: string) =>
      coalescer.add({ rootPid: w.workload.rootPid, path, mask: IN_MODIFY, context: { watch: w } as unknown as PendingContext, source: 'fanotify', at: now });
    return { storm, quiet, coalescer, classified, sunk, counters, pass, add };
  }

  it('stops a timed pass at its budget and requeues the rest, first, merged with what came since', async () => {
    const { storm, quiet, coalescer, classified, counters, pass, add } = setup();
    for (let i = 0; i < 1000; i++) add(storm, `/s${i}`);
    add(quiet, '/q0');
    await pass.tick();
    expect(classified).toHaveLength(256);
    expect(classified.slice(0, 2)).toEqual(['10:/s0:1', '20:/q0:1']);
    expect(counters.requeued).toBe(745);
    expect(coalescer.size).toBe(745);

    // Meanwhile the storm rewrites a path the pass did not reach, and the quiet container changes one file.
    add(storm, '/s900');
    add(quiet, '/q1');
    classified.length = 0;
    await pass.tick();
    // The quiet container's new change is in the first chunk; the storm's leftovers go on in their order.
    expect(classified.slice(0, 3)).toEqual(['10:/s255:1', '20:/q1:1', '10:/s256:1']);

    classified.length = 0;
    await pass.all();
    expect(coalescer.size).toBe(0);
    // The rewritten path is classified once, with both events.
    expect(classified.filter((c) => c.includes(':/s900:'))).toEqual(['10:/s900:2']);
    expect(counters.classified).toBe(1002);
  });

  it('classifies the whole window when flushing (`all`), however long it takes', async () => {
    const { storm, coalescer, classified, counters, pass, add } = setup();
    for (let i = 0; i < 1000; i++) add(storm, `/s${i}`);
    await pass.all();
    expect(classified).toHaveLength(1000);
    expect(counters.requeued).toBe(0);
    expect(coalescer.size).toBe(0);
  });
});
