'use strict';
// The aggregator as deployed, in its own process, with and without its launch flags (APP_NODE_FLAGS):
//   node bench/aggregator/deployed.js [events=300000] [rounds=3]
// (FSMON_BENCH_RAW_FORM=1: the raw-event batches in the older wire form 1.)
// Alternates the two, plain kafkajs on the same messages before each pair (as shipped, and with
// fsmon's GZIP codec); prints events/s (whole run, and steady from 10% of the events on), the
// app's main-thread major/minor collections and RSS per round, and the medians. Exits 0 when done.
require('../register-ts');
const { runToEnd } = require('../support/run-bench.ts');
const { figure: n, median } = require('../support/figures.ts');
const { runDeployedBench } = require('./deployed.process.ts');

const [events = 300_000, rounds = 3] = process.argv.slice(2).map(Number);
runToEnd('deployed aggregator bench', () =>
  runDeployedBench(events, rounds).then((r) => {
    const load = require('node:os').loadavg().map((x) => n(x, 1)).join(' ');
    console.log(`deployed aggregator: ${n(events)} events in wire form ${r.form}, ${rounds} rounds, node ${process.version}, load average at the end ${load}`);
    console.log(`   plain kafkajs, same messages, by round: ${r.sameMessagesEventsPerSec.map((x) => n(x)).join(' / ')} events/s`);
    console.log(`   plain kafkajs with fsmon's GZIP codec (the app's), by round: ${r.sameMessagesFsmonCodecEventsPerSec.map((x) => n(x)).join(' / ')} events/s`);
    console.log(`   plain kafkajs steady (from 10% of the messages on), by round: ${r.steadySameMessagesEventsPerSec.map((x) => n(x)).join(' / ')} events/s`);
    for (const x of r.rounds) console.log(`   [${x.flags || 'no flags'}] ${n(x.eventsPerSec).padStart(9)} events/s, steady ${n(x.steadyEventsPerSec)}  major GCs ${x.gc.major}, minor ${x.gc.minor}, RSS ${n(x.rssMB)} MB, CPU ${n(x.cpuUsPerEvent.process, 2)} us/event (busiest thread ${n(x.cpuUsPerEvent.busiestThread, 2)})`);
    const plain = median(r.sameMessagesEventsPerSec);
    const sized = median(r.sameMessagesFsmonCodecEventsPerSec);
    const plainSteady = median(r.steadySameMessagesEventsPerSec);
    for (const flags of [...new Set(r.rounds.map((x) => x.flags))]) {
      const m = median(r.rounds.filter((x) => x.flags === flags).map((x) => x.eventsPerSec));
      const steady = median(r.rounds.filter((x) => x.flags === flags).map((x) => x.steadyEventsPerSec));
      console.log(`   median [${flags || 'no flags'}] ${n(m)} events/s = ${n(m / plain, 2)}x plain kafkajs (median ${n(plain)}); ${n(m / sized, 2)}x with fsmon's codec (median ${n(sized)}); steady ${n(steady)} = ${n(steady / plainSteady, 2)}x plain kafkajs steady (median ${n(plainSteady)})`);
    }
    console.log(JSON.stringify({ bench: 'aggregator-deployed', ...r }));
  }),
);
