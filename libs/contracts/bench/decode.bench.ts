/**
 * What decoding a message costs, per topic: JSON.parse alone (the floor), decode by zod alone,
 * and decodeValue (fast check, zod on a "no"). Ratios are against JSON.parse in the same run, as
 * the absolute numbers move with the machine's load; the three are timed in alternating rounds
 * and each reports its median round. Raw events are measured in both wire forms (the same events);
 * the last line compares their decodeValue per event.
 *
 *   node -r ./bench/register-ts.js libs/contracts/bench/decode.bench.ts
 */
import { decodeValue, decodeValueWithZod, type SchemaTopic } from '../src/decode';
import { encodeFormTwo } from '../src/raw-event-batch.writer';
import { RawEventBatch } from '../src/raw-event.schema';
import { Topics } from '../src/topics';
import { fileEvent, gapEvent, topicFixtures } from '../test/topic-fixtures';

const ROUNDS = 15;
const TARGET_ROUND_MS = 40;

interface Workload {
  topic: SchemaTopic;
  name: string;
  unit: string;
  /** Units (events, or messages) per message. */
  perMessage: number;
  messages: Buffer[];
}

/** Raw-event batches of 100 events, shaped like the aggregator bench's mixed traffic, in wire form `form`. */
function rawEvents(form: 1 | 2): Workload {
  const { full } = topicFixtures[Topics.RawEvents];
  const messages = Array.from({ length: 20 }, (_, seq) => {
    const events = Array.from({ length: 100 }, (_, i) => {
      const n = seq * 100 + i;
      if (n % 97 === 0) return { ...gapEvent, id: `c1:${n}` };
      const path = `/var/www/html/app/module-${n % 64}/index.php`;
      return { ...fileEvent, id: `c1:${n}`, path, container: n % 5 === 0 ? null : fileEvent.container, procs: n % 10 === 0 ? [] : fileEvent.procs.slice(0, 1) };
    });
    const batch = RawEventBatch.parse({ ...full, seq, events });
    return form === 1 ? Buffer.from(JSON.stringify(batch)) : encodeFormTwo(batch);
  });
  return { topic: Topics.RawEvents, name: `${Topics.RawEvents} (${form})`, unit: 'event', perMessage: 100, messages };
}

function oneMessage(topic: SchemaTopic): Workload {
  return { topic, name: topic, unit: 'message', perMessage: 1, messages: [Buffer.from(JSON.stringify(topicFixtures[topic].full))] };
}

const methods = {
  'JSON.parse': (_topic: SchemaTopic, m: Buffer) => JSON.parse(m.toString('utf8')) as unknown,
  'zod only': (topic: SchemaTopic, m: Buffer) => mustDecode(decodeValueWithZod(topic, m)),
  'fast path': (topic: SchemaTopic, m: Buffer) => mustDecode(decodeValue(topic, m)),
};
type Method = keyof typeof methods;

function mustDecode(d: { ok: boolean; reason?: string }): void {
  if (!d.ok) throw new Error(`bench message does not decode: ${d.reason}`);
}

/** Median µs per unit of each method, over interleaved rounds of the same number of messages. */
function measure(w: Workload): Record<Method, number> {
  const names = Object.keys(methods) as Method[];
  const once = (name: Method) => w.messages.forEach((m) => methods[name](w.topic, m));
  for (const name of names) for (let i = 0; i < 30; i++) once(name); // JIT warm-up, fast check compile
  const startCal = process.hrtime.bigint();
  once('zod only');
  const passMs = Number(process.hrtime.bigint() - startCal) / 1e6;
  const passes = Math.max(1, Math.round(TARGET_ROUND_MS / Math.max(passMs, 0.001)));
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Method, number[]>;
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of names) {
      const start = process.hrtime.bigint();
      for (let p = 0; p < passes; p++) once(name);
      samples[name].push(Number(process.hrtime.bigint() - start) / 1e3 / (passes * w.messages.length * w.perMessage));
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<Method, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const workloads = [rawEvents(1), rawEvents(2), ...([Topics.Reports, Topics.Policy, Topics.LearnedRules, Topics.CollectorStatus] as const).map(oneMessage)];
console.log('topic                      unit     JSON.parse µs   zod only µs (×parse)   fast path µs (×parse)   zod/fast');
const fastPath = new Map<string, number>();
for (const w of workloads) {
  const r = measure(w);
  const parse = r['JSON.parse'];
  fastPath.set(w.name, r['fast path']);
  const cell = (us: number) => `${us.toFixed(2).padStart(8)} (${(us / parse).toFixed(2)}×)`;
  console.log(
    `${w.name.padEnd(26)} ${w.unit.padEnd(8)} ${parse.toFixed(2).padStart(13)}   ${cell(r['zod only']).padEnd(20)}   ${cell(r['fast path']).padEnd(21)}   ${(r['zod only'] / r['fast path']).toFixed(2)}×`,
  );
}
const [one, two] = workloads.slice(0, 2).map((w) => fastPath.get(w.name) ?? NaN);
console.log(`raw events, decodeValue per event: wire form 2 / form 1 = ${(two / one).toFixed(2)}× (${two.toFixed(2)} / ${one.toFixed(2)} µs; batches ${workloads[1].messages[0].length} / ${workloads[0].messages[0].length} B)`);
