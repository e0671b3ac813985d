import { join } from 'node:path';
import type { FileRawEvent } from '@fsmon/contracts';
import { makeTmpDir, startTestKafka, type TestKafka, type TmpDir } from '@fsmon/testing';
import { RawEventPublisher } from '../../src/publish/raw-event.publisher';
import { createRawSink } from '../../src/publish/raw-sink';
import { fileEvent, identity, options, quiet, waitFor } from './delivery.fixtures';

jest.setTimeout(60_000);

const EVENTS = 20_000;
const CONTAINERS = 10;

/** An event as the collector sends it for a write: one process with its command line. */
function realistic(n: number): FileRawEvent {
  return {
    ...fileEvent(`container-${String(n % CONTAINERS).padStart(2, '0')}-${'f'.repeat(52)}`, n),
    path: `/var/lib/app/data/file-${n}.json`,
    procs: [
      {
        rootPid: 4242,
        name: 'python3',
        path: '/usr/bin/python3.11',
        cmds: ['python3', '/app/worker.py', '--queue', 'default'],
        pid: 5000 + (n % 100),
        startTime: 123456,
        euid: 1000,
        euser: 'app',
        ppid: 4242,
        pname: 'sh',
        ppath: '/bin/sh',
        deny: false,
        inProfile: false,
      },
    ],
    stat: { exists: true, isDir: false, isSymlink: false, hash: '0123456789abcdef' },
  };
}

// Prints figures (no assertion on durations): run with `npx jest apps/collector/test/delivery/delivery.throughput`.
describe(`${RawEventPublisher.name} throughput`, () => {
  let kafka: TestKafka;
  let tmp: TmpDir;

  beforeAll(async () => {
    kafka = await startTestKafka({ topics: {} });
    tmp = makeTmpDir('delivery-bench-');
  });

  afterAll(async () => {
    await kafka?.stop();
    tmp?.remove();
  });

  it(`enqueues and delivers ${EVENTS} events of ${CONTAINERS} containers`, async () => {
    const sink = createRawSink(kafka.kafka);
    const sut = new RawEventPublisher(sink, identity, options(join(tmp.path, 'spool'), { maxBatchEvents: 500, lingerMs: 50, sendMaxBatches: 200, memoryMaxBytes: 16 << 20, spoolMaxBytes: 64 << 20 }), quiet);
    sut.start();
    try {
      const events = Array.from({ length: EVENTS }, (_, n) => realistic(n));
      const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);
      const t0 = process.hrtime.bigint();
      let busy = 0n;
      for (let i = 0; i < EVENTS; i += 100) {
        const t = process.hrtime.bigint();
        sut.enqueue(events.slice(i, i + 100));
        busy += process.hrtime.bigint() - t;
        // As from the kernel: a read's worth of events per event-loop turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const enqueued = Number(busy) / 1e6;
      sut.flush();
      await waitFor('every event delivered', () => sut.stats().sent.events === EVENTS, 50_000);
      const delivered = Number(process.hrtime.bigint() - t0) / 1e6;
      const { sent } = sut.stats();
      console.log(
        `delivery figures: ${EVENTS} events (${Math.round(bytes / EVENTS)} B JSON each, ${(bytes / 1e6).toFixed(1)} MB): ` +
          `enqueue (validate+encode+batch) ${enqueued.toFixed(0)} ms of CPU = ${Math.round(EVENTS / (enqueued / 1000))} events/s; ` +
          `acknowledged after ${delivered.toFixed(0)} ms = ${Math.round(EVENTS / (delivered / 1000))} events/s; ${sent.batches} batches`,
      );
      expect(sut.stats().dropped).toEqual({});
    } finally {
      await sut.stop();
      await sink.disconnect();
    }
  });
});
