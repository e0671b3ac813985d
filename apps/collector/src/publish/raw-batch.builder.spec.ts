import { decodeValue, RawBatchEntry, Topics, type GapRawEvent } from '@fsmon/contracts';
import { RawBatchBuilder } from './raw-batch.builder';
import type { SealedBatch } from './sealed-batch';

const gapEvent = (n: number): GapRawEvent => ({ type: 'gap', id: `c:${n}`, at: '2025-01-01T00:00:00.000Z', reason: 'spool-full', scope: '/', lost: n });
const gap = (n: number) => new RawBatchEntry(gapEvent(n));
function decode(b: SealedBatch) {
  const decoded = decodeValue(Topics.RawEvents, b.value);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

describe(RawBatchBuilder.name, () => {
  let sealed: SealedBatch[];
  const builder = (overrides: Partial<ConstructorParameters<typeof RawBatchBuilder>[0]> = {}) =>
    new RawBatchBuilder({ collectorId: 'c', host: { id: 'h', name: 'n' }, maxEvents: 3, maxBytes: 10_000, lingerMs: 10_000, ...overrides }, (b) => sealed.push(b));
  beforeEach(() => (sealed = []));

  it('seals a key at maxEvents, keeping per-key order, into valid RawEventBatch values', () => {
    const b = builder();
    for (let n = 0; n < 7; n++) b.add(n % 2 === 0 ? 'h/a' : 'h/b', gap(n));
    expect(sealed.map((s) => [s.key, s.events])).toEqual([
      ['h/a', 3],
      ['h/b', 3],
    ]);
    b.sealAll();
    b.dispose();
    const batches = sealed.map((s) => ({ key: s.key, batch: decode(s) }));
    expect(batches.map(({ key, batch }) => [key, batch.events.map((e) => e.id)])).toEqual([
      ['h/a', ['c:0', 'c:2', 'c:4']],
      ['h/b', ['c:1', 'c:3', 'c:5']],
      ['h/a', ['c:6']],
    ]);
    const seqs = batches.map(({ batch }) => batch.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seqs[0]).toBeGreaterThan(Date.now() * 1000 - 60_000_000);
    expect(batches[0].batch).toMatchObject({ collectorId: 'c', host: { id: 'h', name: 'n' } });
    expect(JSON.parse(sealed[0].value.toString())).toMatchObject({ schema: 2, containers: [], procs: [] });
  });

  it('seals before a batch would pass maxBytes; a larger event travels alone', () => {
    const b = builder({ maxEvents: 100, maxBytes: 250 });
    b.add('k', gap(1));
    b.add('k', gap(2));
    b.add('k', gap(3));
    b.add('k', new RawBatchEntry({ ...gapEvent(4), scope: 'x'.repeat(400) }));
    b.sealAll();
    expect(sealed.map((s) => s.events)).toEqual([2, 1, 1]);
    expect(b.openEvents).toBe(0);
  });

  it('seals everything once the oldest event waited lingerMs', async () => {
    const b = builder({ lingerMs: 20 });
    b.add('k', gap(1));
    b.add('j', gap(2));
    expect(b.openEvents).toBe(2);
    const deadline = Date.now() + 2000;
    while (sealed.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(sealed.map((s) => s.key)).toEqual(['k', 'j']);
    expect(b.openBytes).toBe(0);
  });
});
