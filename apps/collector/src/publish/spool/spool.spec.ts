import { appendFileSync, chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpDir, type TmpDir } from '@fsmon/testing';
import type { SealedBatch } from '../sealed-batch';
import { Spool, type SpooledBatch } from './spool';
import { SpoolError } from './spool.error';
import { recordSize } from './spool-record.codec';

function batch(n: number, key = `h1/c${n % 3}`, bytes = 100): SealedBatch {
  return { key, value: Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(bytes) })), events: n + 1 };
}
const ns = (bs: readonly SealedBatch[]) => bs.map((b) => (JSON.parse(b.value.toString()) as { n: number }).n);

/** Reads and acknowledges everything, `perRound` at a time. */
function drain(spool: Spool, perRound = 7): SpooledBatch[] {
  const out: SpooledBatch[] = [];
  for (;;) {
    const { batches } = spool.peek(perRound, 1 << 20);
    if (batches.length === 0) return out;
    spool.ack(batches);
    out.push(...batches);
  }
}

describe(Spool.name, () => {
  let tmp: TmpDir;
  beforeEach(() => (tmp = makeTmpDir('spool-spec-')));
  afterEach(() => tmp.remove());

  const open = (maxBytes = 1 << 20, segmentBytes = 64 * 1024) => {
    const spool = new Spool({ dir: join(tmp.path, 'spool'), maxBytes, segmentBytes });
    const loss = spool.open();
    return { spool, loss };
  };
  const segments = () => readdirSync(join(tmp.path, 'spool')).filter((f) => f.endsWith('.seg'));

  it('keeps order across segments, and removes segments once read', () => {
    const { spool } = open();
    for (let i = 0; i < 1500; i++) spool.append(batch(i));
    expect(segments().length).toBeGreaterThan(2);
    expect(spool.stats()).toMatchObject({ batches: 1500, events: (1500 * 1501) / 2 });
    const read = drain(spool);
    expect(ns(read)).toEqual([...Array(1500).keys()]);
    expect(read[4]).toMatchObject({ key: 'h1/c1', events: 5 });
    expect(spool.empty).toBe(true);
    expect(segments()).toEqual([]);
    expect(spool.stats()).toEqual({ segments: 0, batches: 0, events: 0, diskBytes: 0 });
  });

  it('peek leaves batches in place until ack, and respects count and bytes', () => {
    const { spool } = open();
    for (let i = 0; i < 10; i++) spool.append(batch(i));
    expect(ns(spool.peek(3, 1 << 20).batches)).toEqual([0, 1, 2]);
    expect(ns(spool.peek(3, 1 << 20).batches)).toEqual([0, 1, 2]);
    expect(ns(spool.peek(100, recordSize(batch(0)) * 2).batches)).toEqual([0, 1]);
    spool.ack(spool.peek(4, 1 << 20).batches);
    expect(ns(spool.peek(100, 1 << 20).batches)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('resumes after a restart where it was acknowledged, appending after what is left', () => {
    const first = open().spool;
    for (let i = 0; i < 300; i++) first.append(batch(i));
    first.ack(first.peek(120, 1 << 20).batches);
    first.close();
    const { spool: second, loss } = open();
    expect(loss).toEqual({ records: 0, events: 0 });
    expect(second.stats().batches).toBe(180);
    second.append(batch(300));
    expect(ns(drain(second))).toEqual([...Array(181).keys()].map((i) => i + 120));
  });

  it('puts prepended batches first, and a restart keeps both segments and the acknowledged prefix', () => {
    const first = open().spool;
    for (let i = 10; i < 20; i++) first.append(batch(i));
    first.ack(first.peek(3, 1 << 20).batches);
    first.prepend([batch(0), batch(1)]);
    first.close();
    const { spool } = open();
    expect(ns(drain(spool))).toEqual([0, 1, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('tells whether a record fits under maxBytes', () => {
    const { spool } = open(64 * 1024, 64 * 1024);
    let n = 0;
    while (spool.fits(recordSize(batch(n)))) spool.append(batch(n++));
    expect(spool.stats().diskBytes).toBeLessThanOrEqual(64 * 1024);
    expect(spool.stats().diskBytes + recordSize(batch(n))).toBeGreaterThan(64 * 1024);
  });

  it('drops a record cut short by a crash at open, and counts it', () => {
    const first = open().spool;
    for (let i = 0; i < 5; i++) first.append(batch(i));
    first.close();
    const [seg] = segments();
    appendFileSync(join(tmp.path, 'spool', seg), readFileSync(join(tmp.path, 'spool', seg)).subarray(0, 40));
    const { spool, loss } = open();
    expect(loss.records).toBe(1);
    expect(loss.events).toBe(1);
    expect(ns(drain(spool))).toEqual([0, 1, 2, 3, 4]);
  });

  it('skips a damaged record when reading, reports it, and goes on', () => {
    const first = open().spool;
    for (let i = 0; i < 5; i++) first.append(batch(i));
    first.close();
    const path = join(tmp.path, 'spool', segments()[0]);
    const bytes = readFileSync(path);
    const second = recordSize(batch(0)) + 30;
    bytes[second] ^= 0xff;
    writeFileSync(path, bytes);
    const { spool } = open();
    spool.ack(spool.peek(10, 1 << 20).batches);
    const { batches, lost } = spool.peek(10, 1 << 20);
    expect(lost).toEqual({ records: 1, events: 2 });
    expect(ns(batches)).toEqual([2, 3, 4]);
  });

  it('is locked to one user at a time, and takes over a lock left by a process that is gone', () => {
    const first = open().spool;
    expect(() => open()).toThrow(/cannot open the spool directory: already open in this process/);
    first.close();
    writeFileSync(join(tmp.path, 'spool', 'lock'), '999999999');
    const { spool } = open();
    expect(readFileSync(join(tmp.path, 'spool', 'lock'), 'utf8')).toBe(String(process.pid));
    spool.close();
    writeFileSync(join(tmp.path, 'spool', 'lock'), '1');
    expect(() => open()).toThrow(/in use by process 1/);
  });

  it('fails with a SpoolError naming the directory when it cannot be used', () => {
    const dir = tmp.dir('locked');
    writeFileSync(join(dir, 'spool'), 'a file, not a directory');
    chmodSync(dir, 0o500);
    const spool = new Spool({ dir: join(dir, 'spool'), maxBytes: 1 << 20, segmentBytes: 1 << 16 });
    expect(() => spool.open()).toThrow(SpoolError);
    expect(() => spool.open()).toThrow(`spool ${join(dir, 'spool')}: cannot open the spool directory`);
    expect(statSync(join(dir, 'spool')).isFile()).toBe(true);
  });
});
