'use strict';
// Policy push latency and Redis cost, against the embedded broker and a private redis-server:
//   node bench/policy/run.js [changes=200] [collectors=10] [monitoredChanges=30] [maxWaitMs=200]
// The policy app runs in this process and listens on loopback; `collectors` simulated collectors
// (the collector app's PolicyTopicSource + PolicyStore, each with its own Kafka client, 10
// containers re-resolved on every change) read fsmon.policy.v1. Each change is one admin REST
// request (access-rule update, mode switch or filter toggle over 5 groups), sent one at a time.
// 1. Time from sending the request to every collector having applied the new revision: p50/p99,
//    against the same run's floor, sampled right after each change (same load): the app's producer
//    → as many plain kafkajs consumers.
// 2. Redis round trips per change (MONITOR over `monitoredChanges` more changes) and commands
//    executed (INFO commandstats, scripts included), against one SET round trip.
// maxWaitMs is every consumer's fetch wait (the collector's default, 200 ms). The embedded broker
// (librdkafka's mock) does not answer a waiting fetch early when data arrives, so the push latency
// of both the app and the baseline is about that wait; a smaller one shows the app's own share.
// Ends with one JSON line; exits 0 with nothing left running. Goal: push p99 ≤ 250 ms.
require('../register-ts');
const os = require('node:os');
const { runToEnd } = require('../support/run-bench.ts');
const { runPolicyBench } = require('./policy.bench.ts');

const n = (x, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lat = (s) => `p50 ${n(s.p50).padStart(6)} ms  p99 ${n(s.p99).padStart(6)} ms  max ${n(s.max).padStart(6)} ms`;
const list = (m) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${n(v, 2)}`).join(', ') || 'none';

function print(r) {
  const o = r.options;
  const load = os.loadavg().map((x) => n(x)).join(' ');
  console.log(`policy bench: embedded broker (1 broker), private redis-server, node ${process.version}, ${os.cpus().length} CPUs, load average at the end ${load}`);
  console.log(`1) REST change → all ${o.collectors} collectors applied it (${o.changes} changes one at a time, group policy ${n(r.policyBytes, 0)} B, ${o.containersPerNode} containers per collector, fetch wait ${o.maxWaitMs} ms)`);
  console.log(`   policy app push              ${lat(r.push)}   goal p99 ≤ 250 ms: ${r.push.p99 <= 250 ? 'met' : 'MISSED'}`);
  console.log(`   baseline: producer → ${o.collectors} plain kafkajs consumers  ${lat(r.kafkaFanout)}`);
  console.log(`   ratio to baseline            p50 ${n(r.push.p50 / r.kafkaFanout.p50, 2)}x  p99 ${n(r.push.p99 / r.kafkaFanout.p99, 2)}x`);
  console.log(`   CPU of this process per change (app + ${o.collectors} collectors) ${n(r.cpuMsPerChange, 2)} ms; per baseline message ${n(r.cpuMsPerFanout, 2)} ms; ratio ${n(r.cpuMsPerChange / r.cpuMsPerFanout, 1)}x`);
  console.log(`   REST answer (commit + broker ack of the push)  ${lat(r.rest)}   X-Policy-Push: ${list(r.pushedHeader)}`);
  console.log(`   baseline: the producer's broker ack  ${lat(r.produceAck)};  REST answer ratio p50 ${n(r.rest.p50 / r.produceAck.p50, 2)}x  p99 ${n(r.rest.p99 / r.produceAck.p99, 2)}x`);
  const rt = r.redisPerChange;
  console.log(`2) Redis per change: ${n(rt.roundTrips, 2)} round trips (MONITOR, ${o.monitoredChanges} changes: ${list(rt.byCommand)}); inside scripts: ${list(rt.inScripts)}`);
  console.log(`   commands executed per change (INFO commandstats over the ${o.changes} timed changes, scripts included): ${list(r.commandsPerChange)}`);
  console.log(`   baseline: one SET round trip  p50 ${n(r.redisSet.p50, 3)} ms  p99 ${n(r.redisSet.p99, 3)} ms  max ${n(r.redisSet.max, 3)} ms`);
  console.log(`   ${n(rt.roundTrips, 2)} round trips ≈ ${n(rt.roundTrips * r.redisSet.p50, 3)} ms at the SET p50, ${n((rt.roundTrips * r.redisSet.p50) / r.rest.p50 * 100, 1)}% of the REST answer p50`);
  console.log(JSON.stringify({ bench: 'policy', ...r }));
}

const [changes = 200, collectors = 10, monitoredChanges = 30, maxWaitMs = 200] = process.argv.slice(2).map(Number);
runToEnd('policy bench', () => runPolicyBench({ changes, collectors, monitoredChanges, containersPerNode: 10, maxWaitMs }).then(print));
