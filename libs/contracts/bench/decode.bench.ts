/**
 * What decoding a message costs, per topic: JSON.parse alone (the floor), decode by zod alone,
 * and decodeValue (fast check, zod on a "no"). Ratios are against JSON.parse in the same run, as
 * the absolute numbers move with the machine's load; the three are timed in alternating rounds
 * and each reports its median round.
 *
 *   node -r ./bench/register-ts.js libs/contracts/bench/decode.bench.ts
 */
import { decodeValue, decodeValueWithZod, type SchemaTopic } from '../src/decode';
import { Topics } from '../src/topics';
import { fileEvent, gapEvent, topicFixtures } from '../test/topic-fixtures';

const ROUNDS = 15;
const TARGET_ROUND_MS = 40;

interface Workload {
  topic: SchemaTopic;
  unit: string;
  /** Units (events, or messages) per message. */
  perMessage: number;
  messages: Buffer[];
}

/** Raw-event batches of 100 events, shaped like the aggregator bench's mixed traffic. */
function rawEvents(): Workload {
  const { full } = topicFixtures[Topics.RawEvents];
  const messages = Array.from({ length: 20 }, (_, seq) => {
    const events = Array.from({ length: 100 }, (_, i) => {
      const n = seq * 100 + i;
      if (n % 97 === 0) return { ...gapEvent, id: `c1:${n}` };
      const path = `/var/www/html/app/module-${n % 64}/index.php`;
      return { ...fileEvent, id: `c1:${n}`, path, container: n % 5 === 0 ? null : fileEvent.container, procs: n % 10 === 0 ? [] : fileEvent.procs.slice(0, 1) };
    });
    return Buffer.from(JSON.stringify({ ...full, seq, events }));
  });
  return { topic: Topics.RawEvents, unit: 'event', perMessage: 100, messages };
}

function oneMessage(topic: SchemaTopic): Workload {
  return { topic, unit: 'message', perMessage: 1, messages: [Buffer.from(JSON.stringify(topicFixtures[topic].full))] };
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

const workloads = [rawEvents(), ...([Topics.Reports, Topics.Policy, Topics.LearnedRules, Topics.CollectorStatus] as const).map(oneMessage)];
console.log('topic                      unit     JSON.parse µs   zod only µs (×parse)   fast path µs (×parse)   zod/fast');
for (const w of workloads) {
  const r = measure(w);
  const parse = r['JSON.parse'];
  const cell = (us: number) => `${us.toFixed(2).padStart(8)} (${(us / parse).toFixed(2)}×)`;
  console.log(
    `${w.topic.padEnd(26)} ${w.unit.padEnd(8)} ${parse.toFixed(2).padStart(13)}   ${cell(r['zod only']).padEnd(20)}   ${cell(r['fast path']).padEnd(21)}   ${(r['zod only'] / r['fast path']).toFixed(2)}×`,
  );
}
