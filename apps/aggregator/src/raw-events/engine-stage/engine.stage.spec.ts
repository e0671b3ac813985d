import { defaultAggregatorConfig, ReportAggregator, type AggregatorConfig } from '@fsmon/aggregator-domain';
import { Topics, type MonitorMessage, type RawEventBatch } from '@fsmon/contracts';
import type { RawConsumedMessage } from '@fsmon/kafka';
import { batch, DB, fileEvent, HOST, proc, WEB } from '../../../test/support/raw-events.fixtures';
import { decodeReport, type OutgoingReport } from '../../reports/outgoing-report';
import type { Rejection } from './engine.protocol';
import { EngineStage, shareOf } from './engine.stage';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const T0 = Date.parse('2025-06-01T08:00:00.000Z');
// Long windows: nothing closes by the clock while a test runs, so the reports depend on the events alone.
const CONFIG: AggregatorConfig = { ...defaultAggregatorConfig, holdMs: 600_000, reReportMs: 3_600_000 };

function message(partition: number, offset: number, value: Buffer | null): RawConsumedMessage {
  return { topic: Topics.RawEvents, partition, offset: String(offset), key: 'k', keyBytes: Buffer.from('k'), headers: {}, timestamp: '0', value };
}

const encode = (b: RawEventBatch) => Buffer.from(JSON.stringify(b));

/** A container's stream: one program rewriting a few files, batch by batch. */
function stream(container: typeof WEB, batches: number, perBatch: number): RawEventBatch[] {
  const out: RawEventBatch[] = [];
  for (let s = 0, n = 0; s < batches; s++) {
    const events = Array.from({ length: perBatch }, () => {
      n++;
      const procs = n % 4 === 0 ? [] : [proc(n % 3 === 0 ? 'cp' : 'nginx', 1000 + (n % 3))];
      return fileEvent({ id: `${container.id}:${n}`, container, path: `/etc/app/f-${n % 7}.conf`, procs, at: new Date(T0 + n * 1000) });
    });
    out.push(batch(s, events, HOST));
  }
  return out;
}

class Harness {
  readonly reports: OutgoingReport[] = [];
  readonly letters: { offset: string; partition: number; rejection: Rejection; value: string | null; key: string | null }[] = [];
  readonly crashes: number[] = [];
  /** Dead letters wait for this while set. */
  letterGate?: Promise<void>;
  readonly stage: EngineStage;

  constructor(workers: number, queueBytes = 32 * 1024 * 1024) {
    this.stage = new EngineStage(CONFIG, { workers, queueBytes }, {
      onReports: (r) => this.reports.push(...r),
      onGap: () => undefined,
      deadLetter: async (m, rejection) => {
        await this.letterGate;
        this.letters.push({ offset: m.offset, partition: m.partition, rejection, value: m.value?.toString('utf8') ?? null, key: m.keyBytes?.toString('utf8') ?? null });
      },
      onCrash: (shard) => this.crashes.push(shard),
      logger: quiet,
    });
  }

  decoded(): MonitorMessage[] {
    return this.reports.map(decodeReport);
  }
}

/** What one ReportAggregator makes of the same batches, per partition in offset order. */
function reference(input: { partition: number; batches: RawEventBatch[] }[]): MonitorMessage[] {
  const engine = new ReportAggregator(CONFIG);
  const out: MonitorMessage[] = [];
  for (const { partition, batches } of input) batches.forEach((b, offset) => out.push(...engine.acceptBatch(b, { partition, offset: String(offset) }).reports));
  out.push(...engine.flushAll());
  return out;
}

const essence = (r: MonitorMessage) => `${r.reportId} ${r.container?.id ?? 'host'} ${r.count} ${r.msg} ${r.path}`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stage.close();
  h = undefined;
});

describe(EngineStage.name, () => {
  jest.setTimeout(60_000);

  it('gives each partition to one worker and keeps its order: the reports are those of one engine fed the same partitions', async () => {
    h = new Harness(2);
    const input = [
      { partition: 0, batches: stream(WEB, 12, 25) },
      { partition: 1, batches: stream(DB, 12, 25) },
      { partition: 3, batches: stream({ ...WEB, id: 'c-api', name: 'api' }, 12, 25) },
    ];
    // Interleaved as a fetch would deliver them; each partition's batches stay in offset order.
    for (let i = 0; i < 12; i++) for (const { partition, batches } of input) h.stage.accept(message(partition, i, encode(batches[i])));
    await h.stage.flushAll();

    const perContainer = (reports: MonitorMessage[], id: string) => reports.filter((r) => r.container?.id === id).map(essence);
    const expected = reference(input);
    for (const id of ['c-web', 'c-db', 'c-api']) {
      expect(perContainer(h.decoded(), id)).toEqual(perContainer(expected, id));
      expect(perContainer(expected, id).length).toBeGreaterThan(3);
    }
    expect(h.stage.metrics().eventsIn).toBe(3 * 12 * 25);
    expect(h.stage.safeCommitOffsets()).toEqual(new Map([[0, '12'], [1, '12'], [3, '12']]));
  });

  it('commits nothing a worker has not replied for, and holds a partition at its oldest live window', async () => {
    h = new Harness(1);
    const [first, second] = stream(WEB, 2, 5);
    h.stage.accept(message(4, 70, encode(first)));
    // Queued, not processed yet: not safe to commit.
    expect(h.stage.safeCommitOffsets().get(4)).toBeUndefined();
    h.stage.accept(message(4, 71, encode(second)));
    h.stage.tick(); // nothing is due: the windows are long
    await h.stage.flushAll();
    expect(h.stage.safeCommitOffsets().get(4)).toBe('72');
    expect(h.decoded().map(essence)).toEqual(reference([{ partition: 4, batches: [first, second] }]).map(essence));
  });

  it('hands invalid messages over as dead letters, holds their partition until each is sent, and goes on with the next', async () => {
    h = new Harness(1);
    let open: () => void = () => undefined;
    h.letterGate = new Promise((resolve) => (open = resolve));
    const [good] = stream(WEB, 1, 3);
    h.stage.accept(message(2, 10, Buffer.from('{not json')));
    h.stage.accept(message(2, 11, encode({ ...good, schema: 2 } as unknown as RawEventBatch)));
    h.stage.accept(message(2, 12, null));
    h.stage.accept(message(2, 13, encode(good)));
    await h.stage.flushAll();

    expect(h.stage.metrics().eventsIn).toBe(3);
    expect(h.stage.batchesIn).toBe(1);
    expect(h.reports.length).toBeGreaterThan(0);
    expect(h.stage.safeCommitOffsets().get(2)).toBe('10');
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.letters.map((l) => [l.offset, l.rejection.cause])).toEqual([
      ['10', 'not-json'],
      ['11', 'schema'],
      ['12', 'empty'],
    ]);
    // Each carries the message as consumed (its value copied back out of the hand-over ring).
    expect(h.letters.map((l) => [l.value?.slice(0, 9) ?? null, l.key])).toEqual([
      ['{not json', 'k'],
      ['{"schema"', 'k'],
      [null, 'k'],
    ]);
    await h.stage.flushAll(); // the skips went out after the dead letters
    expect(h.stage.safeCommitOffsets().get(2)).toBe('14');
  });

  it('dead-letters a batch whose event time is not a date (the contract or the engine refuses it)', async () => {
    h = new Harness(1);
    const [b] = stream(WEB, 1, 2);
    const bad = { ...b, events: [{ ...b.events[0], at: '2025-02-30T00:00:00Z' }] };
    h.stage.accept(message(0, 5, encode(bad as RawEventBatch)));
    await h.stage.flushAll();
    await new Promise((resolve) => setImmediate(resolve));
    await h.stage.flushAll();
    // Either the contract or the engine refuses it; it never blocks the partition.
    expect(h.letters).toHaveLength(1);
    expect(['schema', 'handler-error']).toContain(h.letters[0].rejection.cause);
    expect(h.stage.safeCommitOffsets().get(0)).toBe('6');
  });

  it('moves a message too big for the shared ring in a buffer of its own, and dead-letters it whole', async () => {
    h = new Harness(1);
    const huge = Buffer.alloc(4 * 1024 * 1024 + 1, 'x'); // above a group's share of the ring, and above the decode limit
    const [good] = stream(WEB, 1, 2);
    h.stage.accept(message(1, 20, huge));
    h.stage.accept(message(1, 21, encode(good)));
    await h.stage.flushAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.letters.map((l) => [l.offset, l.rejection.cause, l.value?.length])).toEqual([['20', 'too-big', huge.length]]);
    expect(h.stage.metrics().eventsIn).toBe(2);
  });

  it('waits for room while the workers are behind on queueBytes', async () => {
    h = new Harness(1, 1024 * 1024);
    const big = encode(stream(WEB, 1, 2000)[0]);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    h.stage.accept(message(0, 0, big));
    let roomy = false;
    const room = h.stage.room().then(() => (roomy = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(roomy).toBe(false);
    await room;
    expect(h.stage.metrics().eventsIn).toBe(2000);
  });

  it('replaces a crashed worker: its windows and queue are gone and not committed, its counters stay', async () => {
    h = new Harness(2);
    const web = stream(WEB, 3, 10);
    const db = stream(DB, 3, 10);
    h.stage.accept(message(0, 0, encode(web[0])));
    h.stage.accept(message(1, 0, encode(db[0])));
    await h.stage.flushAll();
    h.stage.accept(message(0, 1, encode(web[1])));
    const before = h.stage.metrics().eventsIn;
    expect(h.stage.safeCommitOffsets()).toEqual(new Map([[0, '1'], [1, '1']]));

    // Worker 0 (partition 0) dies; a clean restart would have gone through close().
    const shards = (h.stage as unknown as { shards: { worker: { terminate(): Promise<number> } }[] }).shards;
    await shards[0].worker.terminate();
    await new Promise((resolve) => setImmediate(resolve));

    expect(h.crashes).toEqual([0]);
    expect(h.stage.restarts).toBe(1);
    expect(h.stage.safeCommitOffsets().has(0)).toBe(false);
    expect(h.stage.metrics().eventsIn).toBeGreaterThanOrEqual(before);
    // The new worker takes partition 0 again (the owner re-reads it from the committed offset).
    h.stage.accept(message(0, 0, encode(web[0])));
    h.stage.accept(message(1, 1, encode(db[1])));
    await h.stage.flushAll();
    expect(h.stage.safeCommitOffsets()).toEqual(new Map([[0, '1'], [1, '2']]));
    expect(h.stage.metrics().eventsIn).toBeGreaterThanOrEqual(before + 20);
  });

  it('splits the cap on live aggregates between the workers', () => {
    expect(shareOf({ ...CONFIG, maxAggregates: 1000, maxAggregatesPerContainer: 800 }, 4)).toMatchObject({ maxAggregates: 250, maxAggregatesPerContainer: 250 });
    expect(shareOf({ ...CONFIG, maxAggregates: 1000, maxAggregatesPerContainer: 100 }, 1)).toMatchObject({ maxAggregates: 1000, maxAggregatesPerContainer: 100 });
  });
});
