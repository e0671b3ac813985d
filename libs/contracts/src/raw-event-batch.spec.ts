import { fileEvent, gapEvent } from '../test/topic-fixtures';
import { decodeValue, encodeValue } from './decode';
import { RawBatchEntry, RawEventBatchWriter } from './raw-event-batch.writer';
import { MAX_BATCH_EVENTS, RawEvent, type FileRawEvent, type RawEventBatch } from './raw-event.schema';
import { Topics } from './topics';

const envelope = { collectorId: 'c1', host: { id: 'node-1', name: 'worker-1' } };
const [nginx, blocked] = fileEvent.procs;
const events: RawEvent[] = [
  fileEvent,
  { ...fileEvent, id: 'c1:50', procs: [nginx] },
  { ...fileEvent, id: 'c1:51', procs: [blocked, nginx] },
  { ...fileEvent, id: 'c1:52', container: null, procs: [] },
  { ...fileEvent, id: 'c1:53', container: { ...fileEvent.container, labels: {} }, procs: [{ ...nginx, cmds: ['nginx'] }] },
  gapEvent,
].map((e) => RawEvent.parse(e));

function written(list: readonly RawEvent[], maxBytes = Infinity): { writer: RawEventBatchWriter; value: Buffer } {
  const writer = new RawEventBatchWriter();
  for (const e of list) expect(writer.add(new RawBatchEntry(e), maxBytes)).toBe(true);
  return { writer, value: writer.encode(envelope, 9) };
}

function decoded(value: Buffer): RawEventBatch {
  const result = decodeValue(Topics.RawEvents, value);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('raw-event batches in wire form 2', () => {
  it('decode into the same form-1 batch as the events sent in form 1', () => {
    const formOne = decoded(encodeValue(Topics.RawEvents, { schema: 1, ...envelope, seq: 9, events }));
    expect(decoded(written(events).value)).toStrictEqual(formOne);
    expect(formOne.events).toStrictEqual(events);
  });

  it('write each distinct container and process once, in the order first seen; the events refer to them', () => {
    const wire = JSON.parse(written(events).value.toString()) as { schema: number; containers: unknown[]; procs: unknown[]; events: { container: unknown; procs: unknown }[] };
    expect(wire.schema).toBe(2);
    // Two processes that differ only in `deny` or in their command line stay apart; so do two containers differing in labels.
    expect(wire.procs).toEqual([nginx, blocked, { ...nginx, cmds: ['nginx'] }]);
    expect(wire.containers).toEqual([fileEvent.container, { ...fileEvent.container, labels: {} }]);
    expect(wire.events.slice(0, 5).map((e) => [e.container, e.procs])).toEqual([
      [0, [0, 1]],
      [0, [0]],
      [0, [1, 0]],
      [null, []],
      [1, [2]],
    ]);
  });

  it('take fewer bytes than form 1 when events share their processes', () => {
    const same = Array.from({ length: 50 }, (_, i) => RawEvent.parse({ ...fileEvent, id: `c1:${i}` }));
    const formOne = encodeValue(Topics.RawEvents, { schema: 1, ...envelope, seq: 1, events: same });
    expect(written(same).value.length).toBeLessThan(formOne.length * 0.6);
  });

  it('share one container and one process object among the decoded events that name them', () => {
    const batch = decoded(written(events).value);
    const [a, b] = batch.events as FileRawEvent[];
    expect(a.procs[0]).toBe(b.procs[0]);
    expect(a.container).toBe(b.container);
  });

  it.each([
    ['a process index past the table', (w: { events: { procs: number[] }[] }) => (w.events[1].procs = [0, 7]), 'events.1.procs.1: index 7 past the 3 processes'],
    ['a container index past the table', (w: { events: { container: number }[] }) => (w.events[2].container = 2), 'events.2.container: index 2 past the 2 containers'],
  ])('are refused with %s, naming it', (_, spoil, reason) => {
    const wire = JSON.parse(written(events).value.toString()) as never;
    spoil(wire);
    expect(decodeValue(Topics.RawEvents, Buffer.from(JSON.stringify(wire)))).toEqual({ ok: false, cause: 'schema', reason: `${Topics.RawEvents} schema: ${reason}` });
  });

  it('are refused as form 1 when they carry form 2 fields, and as form 2 when they do not carry its tables', () => {
    const formTwo = JSON.parse(written(events).value.toString()) as Record<string, unknown>;
    expect(decodeValue(Topics.RawEvents, Buffer.from(JSON.stringify({ ...formTwo, schema: 1 }))).ok).toBe(false);
    expect(decodeValue(Topics.RawEvents, Buffer.from(JSON.stringify({ ...formTwo, procs: undefined }))).ok).toBe(false);
    expect(decodeValue(Topics.RawEvents, Buffer.from(JSON.stringify({ ...formTwo, schema: 3 }))).ok).toBe(false);
  });
});

describe(RawEventBatchWriter.name, () => {
  it('counts the bytes it will write, apart from the envelope', () => {
    const { writer, value } = written(events);
    expect(writer.count).toBe(events.length);
    const envelopeBytes = value.length - writer.bytes;
    expect(envelopeBytes).toBeGreaterThan(0);
    expect(envelopeBytes).toBeLessThan(150);
  });

  it('refuses an entry past maxBytes and changes nothing; an empty batch takes any entry', () => {
    const { writer } = written(events.slice(0, 2));
    const before = { count: writer.count, bytes: writer.bytes, value: writer.encode(envelope, 1).toString() };
    const big = new RawBatchEntry(RawEvent.parse({ ...fileEvent, path: `/${'x'.repeat(3000)}`, procs: [{ ...nginx, pid: 9 }] }));
    expect(writer.add(big, before.bytes + 1000)).toBe(false);
    expect({ count: writer.count, bytes: writer.bytes, value: writer.encode(envelope, 1).toString() }).toEqual(before);
    expect(new RawEventBatchWriter().add(big, 10)).toBe(true);
  });

  it('says how large an event is alone: at least what a batch of its own adds', () => {
    for (const e of events) {
      const entry = new RawBatchEntry(e);
      const alone = new RawEventBatchWriter();
      alone.add(entry, Infinity);
      expect(entry.bytesAlone()).toBeGreaterThanOrEqual(alone.bytes);
    }
  });

  it('tells whether an event alone is larger than a limit exactly as bytesAlone() does, multi-byte text included', () => {
    for (const path of ['/a', `/${'x'.repeat(3000)}`, `/${'é'.repeat(1500)}`, `/${'\u{1F600}'.repeat(800)}`]) {
      const entry = new RawBatchEntry(RawEvent.parse({ ...fileEvent, path }));
      for (const limit of [100, 1000, 2000, 3000, 4000, 10_000]) {
        expect({ path: path.length, limit, larger: entry.isLargerThan(limit) }).toEqual({ path: path.length, limit, larger: entry.bytesAlone() > limit });
      }
    }
  });

  it(`holds at most ${MAX_BATCH_EVENTS} events, the contract's bound`, () => {
    const writer = new RawEventBatchWriter();
    const gap = new RawBatchEntry(RawEvent.parse(gapEvent));
    for (let i = 0; i < MAX_BATCH_EVENTS; i++) writer.add(gap, Infinity);
    expect(writer.add(gap, Infinity)).toBe(false);
    expect(decoded(writer.encode(envelope, 1)).events).toHaveLength(MAX_BATCH_EVENTS);
  });
});
