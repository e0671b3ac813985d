import { join } from 'node:path';
import { makeTmpDir, type TmpDir } from '@fsmon/testing';
import { DeliveryQueue, type PendingGap, type Round } from './delivery.queue';
import { DeliveryCounters } from './delivery.stats';
import type { SealedBatch } from './sealed-batch';
import { Spool } from './spool/spool';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function batch(key: string, n: number, bytes = 1000): SealedBatch {
  return { key, value: Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(bytes) })), events: 10 };
}
const gapOf = (gap: PendingGap): SealedBatch => ({ key: gap.key, value: Buffer.from(JSON.stringify({ gap: gap.scope, lost: gap.lost })), events: 1 });
const label = (b: SealedBatch) => {
  const v = JSON.parse(b.value.toString()) as { n?: number; gap?: string; lost?: number };
  return v.gap === undefined ? `${b.key}#${v.n}` : `gap(${v.gap},${v.lost})`;
};

describe(DeliveryQueue.name, () => {
  let tmp: TmpDir;
  let counters: DeliveryCounters;
  beforeEach(() => {
    tmp = makeTmpDir('queue-spec-');
    counters = new DeliveryCounters();
  });
  afterEach(() => tmp.remove());

  function queue(memoryMaxBytes: number, spoolMaxBytes?: number) {
    const spool = spoolMaxBytes === undefined ? undefined : new Spool({ dir: join(tmp.path, 's'), maxBytes: spoolMaxBytes, segmentBytes: 64 * 1024 });
    spool?.open();
    return new DeliveryQueue({ memoryMaxBytes, spool, counters, makeGap: gapOf, unknownWorkload: { key: 'h/host', scope: 'h/*' }, logger: quiet });
  }

  function drain(q: DeliveryQueue): { labels: string[]; rounds: Round['from'][] } {
    const labels: string[] = [];
    const rounds: Round['from'][] = [];
    for (let round = q.peek(4, 1 << 20); round.batches.length > 0; round = q.peek(4, 1 << 20)) {
      labels.push(...round.batches.map(label));
      rounds.push(round.from);
      q.ack(round);
    }
    return { labels, rounds };
  }

  it('overflows from memory to the spool and delivers in the order queued', () => {
    const q = queue(5_000, 1 << 20);
    for (let i = 0; i < 12; i++) q.push(batch(`h/c${i % 2}`, i));
    expect(q.memoryStats()).toMatchObject({ batches: 4, events: 40 });
    const { labels, rounds } = drain(q);
    expect(labels).toEqual([...Array(12).keys()].map((i) => `h/c${i % 2}#${i}`));
    expect(rounds).toEqual(['memory', 'spool', 'spool']);
    expect(q.empty).toBe(true);
  });

  it('keeps using the spool while it holds anything, even when memory has room again', () => {
    const q = queue(2_500, 1 << 20);
    for (let i = 0; i < 4; i++) q.push(batch('h/c', i));
    q.ack(q.peek(2, 1 << 20));
    q.push(batch('h/c', 4));
    expect(drain(q).labels).toEqual(['h/c#2', 'h/c#3', 'h/c#4']);
  });

  it('drops what fits nowhere, counts it, and puts a gap notice where the events went missing', () => {
    const q = queue(10_000);
    q.push(batch('h/a', 0, 3000));
    q.push(batch('h/b', 1, 3000));
    q.push(batch('h/a', 2, 3000));
    expect(q.push(batch('h/a', 3, 3000))).toBe(false);
    expect(q.push(batch('h/b', 4, 3000))).toBe(false);
    expect(counters.dropped).toEqual({ 'spool-full': 20 });
    expect(q.pendingGaps).toBe(2);
    q.ack(q.peek(1, 1 << 20));
    q.push(batch('h/a', 5, 3000));
    expect(drain(q).labels).toEqual(['h/b#1', 'h/a#2', 'gap(h/a,10)', 'gap(h/b,10)', 'h/a#5']);
    expect(q.pendingGaps).toBe(0);
  });

  it('announces a gap when room returns even without new traffic for the workload', () => {
    const q = queue(2_500);
    q.push(batch('h/a', 0));
    q.push(batch('h/a', 1));
    q.push(batch('h/b', 2));
    q.ack(q.peek(2, 1 << 20));
    expect(drain(q).labels).toEqual(['gap(h/b,10)']);
  });

  it('counts damaged spool records and announces them on the host key for an unknown workload', () => {
    const q = queue(5_000);
    q.push(batch('h/a', 0));
    q.spoolDamaged({ records: 2, events: 7 });
    q.push(batch('h/host', 1));
    expect(counters.dropped).toEqual({ 'spool-corrupt': 7 });
    expect(drain(q).labels).toEqual(['h/a#0', 'h/host#1', 'gap(h/*,7)']);
  });

  it('persists memory before the spool and owed gaps after it at shutdown', () => {
    const spool = new Spool({ dir: join(tmp.path, 's'), maxBytes: 6_000, segmentBytes: 64 * 1024 });
    spool.open();
    const q = new DeliveryQueue({ memoryMaxBytes: 2_500, spool, counters, makeGap: gapOf, unknownWorkload: { key: 'h/host', scope: 'h/*' }, logger: quiet });
    for (let i = 0; i < 9; i++) q.push(batch('h/a', i));
    expect(counters.dropped['spool-full']).toBeGreaterThan(0);
    expect(q.persist()).toBe(0);
    spool.close();
    const reopened = new Spool({ dir: join(tmp.path, 's'), maxBytes: 6_000, segmentBytes: 64 * 1024 });
    reopened.open();
    const after = new DeliveryQueue({ memoryMaxBytes: 2_500, spool: reopened, counters, makeGap: gapOf, unknownWorkload: { key: 'h/host', scope: 'h/*' }, logger: quiet });
    const dropped = counters.dropped['spool-full'] ?? 0;
    const kept = 9 - dropped / 10;
    expect(drain(after).labels).toEqual([...[...Array(kept).keys()].map((i) => `h/a#${i}`), `gap(h/a,${dropped})`]);
  });
});
