/**
 * What a collector spends per raw event to check it and add it to a batch, against what it spent
 * before wire form 2 (zod's safeParse, then one JSON.stringify into a form-1 batch), both in this
 * run on the same events; alternating rounds, medians.
 *
 *   node -r ./bench/register-ts.js libs/contracts/bench/raw-encode.bench.ts
 */
import { checkOwnedRawEvent } from '../src/decode';
import { RawBatchEntry, RawEventBatchWriter } from '../src/raw-event-batch.writer';
import { RawEvent } from '../src/raw-event.schema';
import { fileEvent } from '../test/topic-fixtures';

const EVENTS = 50_000;
const ROUNDS = 7;
const MAX_BYTES = 256 * 1024;
const MAX_EVENTS = 500;
const envelope = { collectorId: 'c1', host: { id: 'node-1', name: 'worker-1' } };

/** Fresh events per round (the owned check fills defaults in place): one container, 37 processes. */
function events(): RawEvent[] {
  const [proc] = fileEvent.procs;
  return Array.from({ length: EVENTS }, (_, i) =>
    RawEvent.parse({ ...fileEvent, id: `c1:${i}`, path: `/var/www/html/app/module-${i % 64}/index.php`, procs: [{ ...proc, pid: 1000 + (i % 37) }] }),
  );
}

function formOneWithZod(list: readonly RawEvent[]): void {
  let parts: string[] = [];
  let bytes = 0;
  for (const event of list) {
    const parsed = RawEvent.safeParse(event);
    if (!parsed.success) throw new Error(parsed.error.message);
    const json = JSON.stringify(parsed.data);
    const size = Buffer.byteLength(json);
    if (bytes + size > MAX_BYTES || parts.length >= MAX_EVENTS) {
      Buffer.from(`{"schema":1,"collectorId":"c1","host":{"id":"node-1","name":"worker-1"},"seq":1,"events":[${parts.join(',')}]}`);
      parts = [];
      bytes = 0;
    }
    parts.push(json);
    bytes += size;
  }
}

function formTwoOwned(list: readonly RawEvent[]): void {
  let batch = new RawEventBatchWriter();
  for (const event of list) {
    const checked = checkOwnedRawEvent(event);
    if (!checked.ok) throw new Error(checked.reason);
    const entry = new RawBatchEntry(checked.value);
    if (batch.count >= MAX_EVENTS || !batch.add(entry, MAX_BYTES)) {
      batch.encode(envelope, 1);
      batch = new RawEventBatchWriter();
      batch.add(entry, MAX_BYTES);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (run: (l: readonly RawEvent[]) => void, list: readonly RawEvent[]) => {
  const start = process.hrtime.bigint();
  run(list);
  return Number(process.hrtime.bigint() - start) / 1e3 / EVENTS;
};
const before: number[] = [];
const now: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  before.push(timed(formOneWithZod, events()));
  now.push(timed(formTwoOwned, events()));
}
const [b, n] = [median(before), median(now)];
console.log(`raw event check + batch, per event (median of ${ROUNDS}): form 1 with zod (before) ${b.toFixed(2)} µs, form 2 with the owned check (now) ${n.toFixed(2)} µs = ${(n / b).toFixed(2)}×`);
