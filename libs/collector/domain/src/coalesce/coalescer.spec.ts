import { IN_ACCESS, IN_CLOSE_WRITE, IN_CREATE, IN_MODIFY } from '../masks/linux-inotify.constants';
import { Coalescer } from './coalescer';
import { type CoalesceInput, newCoalesceSlot } from './coalescer.types';

interface Proc {
  pid: number;
  startTime?: number;
  deny?: boolean;
  name: string;
}

const event = (over: Partial<CoalesceInput<string, Proc>> = {}): CoalesceInput<string, Proc> => ({
  rootPid: 100,
  path: '/etc/passwd',
  mask: IN_MODIFY,
  context: 'entry-1',
  source: 'fanotify',
  at: 1_000,
  ...over,
});

describe(Coalescer.name, () => {
  it('ORs masks per (rootPid, path) and keeps the first context', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    expect(c.add(event({ mask: IN_MODIFY }))).toBe('added');
    expect(c.add(event({ mask: IN_CLOSE_WRITE, context: 'entry-2', source: 'inotify', at: 2_000 }))).toBe('merged');
    expect(c.size).toBe(1);
    const [pending] = c.drain().events;
    expect(pending).toMatchObject({
      rootPid: 100,
      path: '/etc/passwd',
      mask: IN_MODIFY | IN_CLOSE_WRITE,
      context: 'entry-1',
      sources: ['fanotify', 'inotify'],
      firstAt: 1_000,
      lastAt: 2_000,
      events: 2,
    });
  });

  it('keys on the container too: the same path in two containers stays apart', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    c.add(event({ rootPid: 100 }));
    c.add(event({ rootPid: 200 }));
    expect(c.drain().events.map((e) => e.rootPid)).toEqual([100, 200]);
  });

  it('keeps processes distinct by (pid, startTime), not by pid alone', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    c.add(event({ proc: { pid: 42, startTime: 5, name: 'first' } }));
    c.add(event({ proc: { pid: 42, startTime: 5, name: 'same process again' } }));
    c.add(event({ proc: { pid: 42, startTime: 9, name: 'pid reused' } }));
    c.add(event({ proc: { pid: 43, startTime: 5, name: 'other' } }));
    expect(c.drain().events[0].procs.map((p) => p.name)).toEqual(['first', 'pid reused', 'other']);
  });

  it('lets a later denial of the same process replace its earlier allowed record', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    c.add(event({ proc: { pid: 42, startTime: 5, name: 'open', deny: false }, decision: 'allowed' }));
    c.add(event({ proc: { pid: 42, startTime: 5, name: 'denied open', deny: true }, decision: 'denied' }));
    c.add(event({ proc: { pid: 42, startTime: 5, name: 'allowed again', deny: false }, decision: 'allowed' }));
    const [pending] = c.drain().events;
    expect(pending.procs).toEqual([{ pid: 42, startTime: 5, name: 'denied open', deny: true }]);
    expect(pending.decision).toBe('denied');
  });

  it('counts processes beyond the per-path limit instead of keeping them', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10, maxProcsPerPath: 2 });
    for (let pid = 1; pid <= 5; pid++) c.add(event({ proc: { pid, name: `p${pid}` } }));
    const drained = c.drain();
    expect(drained.events[0].procs).toHaveLength(2);
    expect(drained.droppedProcs).toBe(3);
  });

  it('refuses new paths when full, counts them per container, and still merges known paths', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 2 });
    expect(c.add(event({ path: '/a' }))).toBe('added');
    expect(c.add(event({ path: '/b', rootPid: 200 }))).toBe('added');
    expect(c.add(event({ path: '/c' }))).toBe('overflow');
    expect(c.add(event({ path: '/d' }))).toBe('overflow');
    expect(c.add(event({ path: '/e', rootPid: 200 }))).toBe('overflow');
    expect(c.add(event({ path: '/a', mask: IN_CREATE }))).toBe('merged');
    const drained = c.drain();
    expect(drained.events.map((e) => e.path)).toEqual(['/a', '/b']);
    expect(drained.events[0].mask).toBe(IN_MODIFY | IN_CREATE);
    expect(drained.overflow.events).toBe(3);
    expect([...drained.overflow.byRoot]).toEqual([
      [100, 2],
      [200, 1],
    ]);
  });

  it('drain swaps the window out: the next window starts empty with zeroed counters', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 1 });
    c.add(event({ path: '/a' }));
    c.add(event({ path: '/b' }));
    const first = c.drain();
    expect(first.overflow.events).toBe(1);
    expect(c.size).toBe(0);
    c.add(event({ path: '/b', mask: IN_ACCESS }));
    const second = c.drain();
    expect(second.events.map((e) => [e.path, e.mask])).toEqual([['/b', IN_ACCESS]]);
    expect(second.overflow.events).toBe(0);
    expect(second.overflow.byRoot.size).toBe(0);
    expect(first.events).toHaveLength(1);
  });

  it('drops one container’s pending events on cleanup', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    c.add(event({ rootPid: 100, path: '/a' }));
    c.add(event({ rootPid: 100, path: '/b' }));
    c.add(event({ rootPid: 200, path: '/a' }));
    expect(c.dropRoot(100)).toBe(2);
    expect(c.drain().events.map((e) => e.rootPid)).toEqual([200]);
  });

  it('merges through a slot while its window is open, and never into a drained or dropped one', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    const slot = newCoalesceSlot<string, Proc>();
    expect(c.add(event({ path: '/a', mask: IN_MODIFY, slot }))).toBe('added');
    expect(slot.entry?.path).toBe('/a');
    expect(c.add(event({ path: '/a', mask: IN_ACCESS, slot }))).toBe('merged');
    const first = c.drain();
    expect(first.events.map((e) => [e.path, e.mask, e.events])).toEqual([['/a', IN_MODIFY | IN_ACCESS, 2]]);
    // The slot still names the drained entry: the new window must get its own.
    expect(c.add(event({ path: '/a', mask: IN_CREATE, slot }))).toBe('added');
    expect(first.events[0].mask).toBe(IN_MODIFY | IN_ACCESS);
    c.dropRoot(100);
    expect(c.add(event({ path: '/a', mask: IN_CLOSE_WRITE, slot }))).toBe('added');
    expect(c.drain().events.map((e) => [e.path, e.mask])).toEqual([['/a', IN_CLOSE_WRITE]]);
  });

  it('ignores a slot filled by another coalescer, or one naming another path', () => {
    const a = new Coalescer<string, Proc>({ maxPaths: 10 });
    const b = new Coalescer<string, Proc>({ maxPaths: 10 });
    const slot = newCoalesceSlot<string, Proc>();
    a.add(event({ path: '/a', slot }));
    expect(b.add(event({ path: '/a', slot }))).toBe('added');
    expect(a.add(event({ path: '/other', slot }))).toBe('added');
    expect(a.drain().events.map((e) => e.path)).toEqual(['/a', '/other']);
    expect(b.drain().events.map((e) => e.path)).toEqual(['/a']);
  });

  it('requeues what a pass left, first and in order, absorbing what arrived since on the same paths', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 10 });
    c.add(event({ path: '/a', mask: IN_MODIFY, proc: { pid: 1, name: 'one' }, at: 1_000 }));
    c.add(event({ path: '/b', at: 1_100 }));
    c.add(event({ path: '/c', at: 1_200 }));
    const [, ...left] = c.drain().events; // a pass classified /a only
    const slot = newCoalesceSlot<string, Proc>();
    c.add(event({ path: '/d', at: 2_000 }));
    c.add(event({ path: '/c', mask: IN_CLOSE_WRITE, context: 'entry-2', source: 'inotify', decision: 'denied', proc: { pid: 2, name: 'two', deny: true }, at: 2_100, slot }));
    c.requeue(left);
    expect(c.size).toBe(3);
    // A slot filled before the requeue names the absorbed entry: the event must land in the requeued one.
    expect(c.add(event({ path: '/c', mask: IN_ACCESS, at: 2_200, slot }))).toBe('merged');
    const next = c.drain().events;
    expect(next.map((e) => e.path)).toEqual(['/b', '/c', '/d']);
    expect(next[1]).toMatchObject({
      mask: IN_MODIFY | IN_CLOSE_WRITE | IN_ACCESS,
      context: 'entry-1',
      sources: ['fanotify', 'inotify'],
      decision: 'denied',
      procs: [{ pid: 2, name: 'two', deny: true }],
      firstAt: 1_200,
      lastAt: 2_200,
      events: 3,
    });
  });

  it('never refuses requeued entries, even past the bound; new paths are refused until it shrinks', () => {
    const c = new Coalescer<string, Proc>({ maxPaths: 2 });
    c.add(event({ path: '/a' }));
    c.add(event({ path: '/b' }));
    const left = c.drain().events;
    c.add(event({ path: '/c' }));
    c.add(event({ path: '/d' }));
    c.requeue(left);
    expect(c.size).toBe(4);
    expect(c.add(event({ path: '/e' }))).toBe('overflow');
    expect(c.add(event({ path: '/a' }))).toBe('merged');
    const next = c.drain();
    expect(next.events.map((e) => e.path)).toEqual(['/a', '/b', '/c', '/d']);
    expect(next.overflow.events).toBe(1);
  });

  it('rejects a nonsensical bound at construction', () => {
    expect(() => new Coalescer({ maxPaths: 0 })).toThrow(RangeError);
  });
});
