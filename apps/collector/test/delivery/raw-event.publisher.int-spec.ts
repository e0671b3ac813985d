import { join } from 'node:path';
import { createKafka, type EventPublisher } from '@fsmon/kafka';
import { makeTmpDir, startTestKafka, type TestKafka, type TmpDir } from '@fsmon/testing';
import { register } from 'prom-client';
import { exposeDeliveryMetrics } from '../../src/publish/delivery.metrics';
import { RawEventPublisher } from '../../src/publish/raw-event.publisher';
import { createRawSink } from '../../src/publish/raw-sink';
import { expectedIds, fileEvent, identity, interleaved, options, quiet, readBack, setAllBrokers, waitFor } from './delivery.fixtures';

// Group joins take ~3 s on the embedded broker; outages add a few seconds of retries.
jest.setTimeout(60_000);

const containers = ['c-a', 'c-b', null];
const key = (c: string | null) => `h1/${c ?? 'host'}`;

describe(RawEventPublisher.name, () => {
  let kafka: TestKafka;
  let tmp: TmpDir;
  let sinks: EventPublisher[];
  let publishers: RawEventPublisher[];

  beforeEach(async () => {
    kafka = await startTestKafka();
    tmp = makeTmpDir('delivery-it-');
    sinks = [];
    publishers = [];
  });

  afterEach(async () => {
    for (const p of publishers) await p.stop();
    for (const s of sinks) await s.disconnect();
    await kafka.stop();
    tmp.remove();
  });

  function publisher(overrides: Parameters<typeof options>[1] = {}): RawEventPublisher {
    // Short client-level retries, so an outage is noticed within a second.
    const client = createKafka({ brokers: kafka.brokers, clientId: 'delivery-it', logLevel: 'nothing', retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
    const sink = createRawSink(client, { retries: 1, initialRetryTimeMs: 50, maxRetryTimeMs: 200 });
    const p = new RawEventPublisher(sink, identity, options(join(tmp.path, 'spool'), overrides), quiet);
    sinks.push(sink);
    publishers.push(p);
    p.start();
    return p;
  }

  it('delivers every event in order per container across many batches, and drops invalid ones counted', async () => {
    const sut = publisher();
    const events = interleaved(containers, 1000);
    for (let i = 0; i < events.length; i += 70) sut.enqueue(events.slice(i, i + 70));
    sut.enqueue([{ ...fileEvent('c-a', -1), path: '' }]);
    await waitFor('3000 events sent', () => sut.stats().sent.events === 3000);

    const stats = sut.stats();
    expect(stats.dropped).toEqual({ invalid: 1 });
    expect(stats.sent.batches).toBeGreaterThanOrEqual(60);
    const back = await readBack(kafka.brokers, stats.sent.batches);
    for (const c of containers) expect(back.byKey.get(key(c))).toEqual(expectedIds(c, 0, 1000));
    expect(back.batches.every((b) => b.value.events.length <= 50 && b.value.collectorId === 'col-1')).toBe(true);
  });

  it('holds events while every broker is down (memory, then spool) and delivers all of them in order when they return', async () => {
    const sut = publisher({ memoryMaxBytes: 32 * 1024 });
    sut.enqueue(interleaved(containers, 100));
    await waitFor('the first 300 events sent', () => sut.stats().sent.events === 300);

    setAllBrokers(kafka.embedded, false);
    for (let n = 100; n < 1100; n += 100) sut.enqueue(interleaved(containers, 100, n));
    sut.flush();
    await waitFor('the publisher to back off', () => sut.stats().state === 'backing-off');
    const held = sut.stats();
    expect(held.spool.events).toBeGreaterThan(0);
    expect(held.memory.bytes).toBeLessThanOrEqual(32 * 1024);
    expect(held.memory.events + held.spool.events).toBe(3000);
    expect(held.sendErrors.KAFKA_UNAVAILABLE).toBeGreaterThan(0);

    setAllBrokers(kafka.embedded, true);
    await waitFor('all 3300 events sent', () => sut.stats().sent.events === 3300, 30_000);
    expect(sut.stats()).toMatchObject({ dropped: {}, memory: { events: 0 }, spool: { events: 0, segments: 0 } });
    const back = await readBack(kafka.brokers, sut.stats().sent.batches);
    for (const c of containers) expect(back.byKey.get(key(c))).toEqual(expectedIds(c, 0, 1100));
    console.log(`broker outage: ${held.spool.batches} batches spooled, ${back.duplicates} duplicate batches read back`);
  });

  it('drops what exceeds the spool, counts it, and delivers a gap event with the count once the broker is back', async () => {
    const sut = publisher({ memoryMaxBytes: 8 * 1024, spoolMaxBytes: 64 * 1024, spoolSegmentBytes: 64 * 1024 });
    setAllBrokers(kafka.embedded, false);
    for (let n = 0; n < 1000; n += 50) sut.enqueue(interleaved(containers, 50, n));
    sut.flush();
    await waitFor('drops and a failed send', () => (sut.stats().dropped['spool-full'] ?? 0) > 0 && sut.stats().state === 'backing-off');
    const full = sut.stats();
    const dropped = full.dropped['spool-full'] ?? 0;
    expect(full.pendingGaps).toBe(3);
    expect(sut.health().up).toBe(false);
    expect(full.memory.events + full.spool.events + dropped).toBe(3000);
    const unexpose = exposeDeliveryMetrics({ raw: sut });
    try {
      const text = await register.metrics();
      expect(text).toContain(`fsmon_collector_delivery_dropped_events_total{cause="spool-full"} ${dropped}`);
      expect(text).toContain(`fsmon_collector_delivery_queued_events{where="spool"} ${full.spool.events}`);
      expect(text).toContain('fsmon_collector_delivery_backing_off 1');
    } finally {
      unexpose();
    }

    setAllBrokers(kafka.embedded, true);
    await waitFor('everything queued delivered and the gaps announced', () => {
      const s = sut.stats();
      return s.pendingGaps === 0 && s.memory.batches === 0 && s.spool.batches === 0 && s.state !== 'backing-off';
    }, 30_000);
    const back = await readBack(kafka.brokers, sut.stats().sent.batches);
    let lost = 0;
    for (const c of containers) {
      const ids = back.byKey.get(key(c)) ?? [];
      const gap = ids[ids.length - 1];
      expect(gap).toMatch(/^gap:\d+$/);
      const kept = ids.slice(0, -1);
      expect(kept).toEqual(expectedIds(c, 0, kept.length));
      expect(kept.length + Number(gap.slice(4))).toBe(1000);
      lost += Number(gap.slice(4));
    }
    expect(lost).toBe(dropped);
    expect(sut.health().up).toBe(true);
  });

  it('delivers on start what a previous run left in the spool, before anything new', async () => {
    const first = publisher();
    setAllBrokers(kafka.embedded, false);
    first.enqueue(interleaved(containers, 400));
    first.flush();
    await waitFor('the first run to back off', () => first.stats().state === 'backing-off');
    await first.stop();
    expect(first.stats()).toMatchObject({ state: 'stopped', memory: { events: 0 }, spool: { events: 1200 }, sent: { events: 0 } });

    setAllBrokers(kafka.embedded, true);
    const second = publisher();
    expect(second.stats().spool.events).toBe(1200);
    second.enqueue(interleaved(containers, 100, 400));
    await waitFor('all 1500 events sent', () => second.stats().sent.events === 1500, 30_000);
    const back = await readBack(kafka.brokers, second.stats().sent.batches);
    for (const c of containers) expect(back.byKey.get(key(c))).toEqual(expectedIds(c, 0, 500));
  });
});
