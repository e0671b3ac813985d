import { Topics } from '@fsmon/contracts';
import { KafkaMessageTooLargeError, KafkaUnavailableError, type RawMessage } from '@fsmon/kafka';
import { DeliveryPump, type RawSink } from './delivery.pump';
import { DeliveryQueue, type PendingGap } from './delivery.queue';
import { DeliveryCounters } from './delivery.stats';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A sink standing in for the broker: refuses `poison` for good, and fails the first `outages` sends. */
class ScriptedSink implements RawSink {
  readonly delivered: string[] = [];
  sends = 0;
  constructor(
    private outages: number,
    private readonly poison?: string,
  ) {}

  async publishRaw(topic: string, messages: RawMessage | readonly RawMessage[]): Promise<void> {
    expect(topic).toBe(Topics.RawEvents);
    this.sends++;
    const list = Array.isArray(messages) ? (messages as RawMessage[]) : [messages as RawMessage];
    if (this.outages > 0) {
      this.outages--;
      throw new KafkaUnavailableError('no broker');
    }
    if (list.some((m) => m.value?.toString() === this.poison)) throw new KafkaMessageTooLargeError('too large');
    this.delivered.push(...list.map((m) => m.value?.toString() ?? ''));
  }
}

describe(DeliveryPump.name, () => {
  function setup(sink: ScriptedSink) {
    const counters = new DeliveryCounters();
    const gapOf = (g: PendingGap) => ({ key: g.key, value: Buffer.from(`gap:${g.lost}`), events: 1 });
    const queue = new DeliveryQueue({ memoryMaxBytes: 1 << 20, counters, makeGap: gapOf, unknownWorkload: { key: 'h/host', scope: 'h/*' }, logger: quiet });
    const pump = new DeliveryPump(sink, queue, counters, { sendMaxBatches: 10, sendMaxBytes: 1 << 20, retryInitialMs: 5, retryMaxMs: 20 }, quiet);
    const push = (...values: string[]) => {
      for (const v of values) queue.push({ key: 'h/a', value: Buffer.from(v), events: 2 });
      pump.notify();
    };
    return { counters, queue, pump, push };
  }

  async function settle(sink: ScriptedSink, until: () => boolean): Promise<void> {
    const deadline = Date.now() + 2000;
    while (!until()) {
      if (Date.now() > deadline) throw new Error(`pump did not settle (delivered ${sink.delivered.join(',')})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it('retries a failed send before anything queued after it, in order', async () => {
    const sink = new ScriptedSink(3);
    const { counters, pump, push } = setup(sink);
    pump.start();
    push('1', '2');
    await settle(sink, () => sink.delivered.length === 2);
    push('3');
    await settle(sink, () => sink.delivered.length === 3);
    await pump.stop(0);
    expect(sink.delivered).toEqual(['1', '2', '3']);
    expect(counters.sendErrors).toEqual({ KAFKA_UNAVAILABLE: 3 });
    expect(counters.sent).toEqual({ batches: 3, events: 6 });
  });

  it('isolates a batch refused for good, drops only it (counted, gap owed), and delivers the rest in order', async () => {
    const sink = new ScriptedSink(0, 'bad');
    const { counters, queue, pump, push } = setup(sink);
    push('1', 'bad', '3', '4');
    pump.start();
    await settle(sink, () => sink.delivered.length === 4);
    push('5');
    await settle(sink, () => sink.delivered.length === 5);
    await pump.stop(0);
    expect(sink.delivered).toEqual(['1', 'gap:2', '3', '4', '5']);
    expect(counters.dropped).toEqual({ rejected: 2 });
    expect(counters.sendErrors).toEqual({ KAFKA_MESSAGE_TOO_LARGE: 2 });
    expect(queue.empty).toBe(true);
  });

  it('stops within the drain time while a send hangs: the send is abandoned, its batch stays queued, its late outcome ignored', async () => {
    let release: () => void = () => undefined;
    const hanging: RawSink = { publishRaw: () => new Promise<void>((resolve) => (release = resolve)) };
    const counters = new DeliveryCounters();
    const queue = new DeliveryQueue({ memoryMaxBytes: 1 << 20, counters, makeGap: (g) => ({ key: g.key, value: Buffer.from('gap'), events: 1 }), unknownWorkload: { key: 'h/host', scope: 'h/*' }, logger: quiet });
    const pump = new DeliveryPump(hanging, queue, counters, { sendMaxBatches: 10, sendMaxBytes: 1 << 20, retryInitialMs: 5, retryMaxMs: 20 }, quiet);
    pump.start();
    queue.push({ key: 'h/a', value: Buffer.from('1'), events: 2 });
    pump.notify();
    await new Promise((r) => setTimeout(r, 20));
    expect(pump.state).toBe('sending');
    await expect(pump.stop(50)).resolves.toBe(true);
    expect(queue.memoryStats()).toEqual({ batches: 1, events: 2, bytes: 1 });
    release(); // the broker took it after all: the queue (spooled by the caller by now) is left alone
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.memoryStats().batches).toBe(1);
    expect(counters.sent).toEqual({ batches: 0, events: 0 });
  });
});
