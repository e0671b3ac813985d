'use strict';
// Aggregator throughput and memory against the embedded broker (librdkafka's mock cluster):
//   node bench/aggregator/run.js [events=100000] [eventsPerBatch=100] [floodEvents=100000] [groupInstances=2]
//   (AGGREGATOR_ENGINE_WORKERS=n in the environment overrides the app's default number of engine workers)
// 1. Mixed traffic of 200 containers and the host: the aggregator app (in process, default
//    windows) consumes it; in the same run plain kafkajs consumes the same messages (the topic as
//    produced, GZIP as collectors send it) and as many uncompressed messages of the same size (the
//    Kafka lib's baseline), all timed alternately twice; the same messages also with fsmon's GZIP
//    codec (the app's own), the ceiling of consuming this topic in this stack. Prints raw events/s
//    of each round, the best of each and their ratio, the same for a group of app processes, and
//    the CPU cost per event of each stage. Also a steady ratio: the app and the same messages each timed from the
//    batch that brought 10% of the events to the end (the app's engine worker is a fresh thread
//    each round, its code not yet optimized; plain kafkajs runs on the warm main thread).
// 2. One container writing floodEvents distinct paths: the app's peak and retained heap.
// Ends with one JSON line; exits 0 with nothing left running.
// The flood's retained-heap figures need a full GC on demand: expose it when not run with --expose-gc.
if (typeof globalThis.gc !== 'function') {
  require('node:v8').setFlagsFromString('--expose-gc');
  globalThis.gc = require('node:vm').runInNewContext('gc');
}
require('../register-ts');
const { runToEnd } = require('../support/run-bench.ts');
const { runAggregatorBench, STEADY_FROM } = require('./aggregator.bench.ts');

const n = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function print(r) {
  const t = r.throughput;
  const w = t.workload;
  const a = t.aggregator;
  const baseUs = 1e6 / t.baselineEventsPerSec;
  const load = require('node:os').loadavg().map((x) => n(x, 1)).join(' ');
  console.log(`aggregator bench: embedded broker (1 broker), node ${process.version}, ${require('node:os').cpus().length} CPUs, load average at the end ${load}`);
  console.log(`1) ${w.name}: ${n(w.events)} events in ${n(w.messages)} wire-form-${w.form} messages of ${n(w.bytes / w.messages)} B (${n(w.bytes / 1e6, 1)} MB), ${w.partitions} partitions`);
  const rounds = t.rounds.map((r) => `${n(r.sameMessagesEventsPerSec)} / ${n(r.baselineEventsPerSec)} / ${n(r.aggregatorEventsPerSec)}`).join(', ');
  console.log(`   plain kafkajs same messages / plain kafkajs uncompressed filler / aggregator events/s by round: ${rounds}; the best of each:`);
  console.log(`   plain kafkajs, the same messages (GZIP as sent)  ${n(t.sameMessagesEventsPerSec).padStart(9)} events/s  (${n(t.sameMessages.consumeMsgsPerSec)} msgs/s)`);
  console.log(`   plain kafkajs, the same, with fsmon's GZIP codec ${n(t.sameMessagesFsmonCodecEventsPerSec).padStart(9)} events/s  (the app's consumer inflates with it; ratio to it ${n(t.sameMessagesFsmonCodecRatio, 2)}x)`);
  console.log(`   plain kafkajs, uncompressed filler of that size  ${n(t.baselineEventsPerSec).padStart(9)} events/s  (${n(t.baseline.consumeMsgsPerSec)} msgs/s, ${n(t.baseline.consumeMBPerSec, 1)} MB/s)`);
  console.log(`   aggregator, 1 instance  ${n(a.eventsPerSec).padStart(9)} events/s  ratio ${n(t.sameMessagesRatio, 2)}x the same messages, ${n(t.ratio, 2)}x the filler  (${a.engineWorkers} engine worker(s); ${n(a.acceptSeconds, 2)} s, CPU load ${n(a.cpuLoad, 2)}; reports acked at ${n(a.publishedSeconds, 2)} s; close ${n(a.closeSeconds, 2)} s; ${n(a.reports)} reports)`);
  const steadyRounds = t.rounds.map((r) => `${n(r.steadySameMessages)} / ${n(r.steadyAggregator)}`).join(', ');
  console.log(`   steady (from ${STEADY_FROM * 100}% of the events on, both; the app's fresh engine worker warms up at the start): same messages / aggregator by round ${steadyRounds}; best ${n(t.steadyEventsPerSec.sameMessages)} / ${n(t.steadyEventsPerSec.aggregator)} events/s, ratio ${n(t.steadyRatio, 2)}x`);
  if (t.group) {
    const g = t.group;
    const rebalance = g.resyncs > 0 ? `; joined apart: ${g.resyncs} resync(s), ${n(g.accepted)} events read with the re-reads` : '; joined together';
    console.log(`   aggregator, ${g.instances} processes ${n(g.eventsPerSec).padStart(9)} events/s  ratio ${n(g.sameMessagesRatio, 2)}x the same messages, ${n(g.ratio, 2)}x the filler  (${n(g.acceptSeconds, 2)} s, partitions ${g.split.join(' + ')}${rebalance})`);
  }
  const c = t.costs;
  console.log(`   CPU per event: plain consume ${n(baseUs, 1)} us; stages alone on this thread, second pass (warm): JSON.parse ${n(c.jsonParseUs, 1)} us, decode (parse + schema) ${n(c.decodeUs, 1)} us, engine ${n(c.engineUs, 1)} us, report encoding ${n(c.encodeUs, 1)} us`);
  const workerUs = c.decodeUs + c.engineUs + c.encodeUs;
  console.log(`   consuming thread busy ${n(a.consumingThreadUsPerEvent, 1)} us/event in the app (fetch, hand-over, publishing, commits) vs ${n(baseUs, 1)} us/event wall in plain kafkajs`);
  const tc = a.threadCpuUsPerEvent;
  const sc = t.sameMessages.threadCpuUsPerEvent;
  console.log(`   CPU per event by thread (best app round, while accepting): consuming ${n(tc.main, 2)} us, engine worker(s) ${n(tc.engineWorkers, 2)} us, rest of the process (broker, zlib pool, GC helpers) ${n(tc.other, 2)} us; plain kafkajs on the same messages (its whole run): main ${n(sc.main, 2)} us, rest ${n(sc.other, 2)} us`);
  console.log(`   decode + engine + encoding run in the engine workers: ${n(workerUs, 1)} us/event, one worker's ceiling ${n(1e6 / workerUs)} events/s = ${n(baseUs / workerUs, 2)}x (were they on the consuming thread: ${n(baseUs / (baseUs + workerUs), 2)}x)`);
  const f = r.flood;
  const fa = f.aggregator;
  console.log(`2) ${f.workload.name}: ${n(f.workload.events)} events (${n(f.workload.bytes / 1e6, 1)} MB, ${f.workload.partitions} partitions)`);
  console.log(`   ${n(fa.eventsPerSec)} events/s; ${n(fa.reports)} reports (path splits ${n(fa.engine.pathSplits)}, early flushes ${n(fa.engine.earlyFlushes)}); live aggregates at the end ${n(fa.engine.aggregates)}`);
  console.log(`   heap after full GC at 25/50/75/100%: ${fa.retainedMB.map((x) => n(x)).join(' / ')} MB; peak heap ${n(fa.peakHeapMB)} MB, peak RSS ${n(fa.peakRssMB)} MB`);
  console.log(JSON.stringify({ bench: 'aggregator', ...r }));
}

const [events = 100_000, perBatch = 100, floodEvents = 100_000, groupInstances = 2] = process.argv.slice(2).map(Number);
runToEnd('aggregator bench', () => runAggregatorBench({ events, perBatch, floodEvents, groupInstances }).then(print));
