'use strict';
// kafkajs's GZIP codec as shipped against fsmon's sizedGzipCodec (libs/shared/kafka/src/gzip-codec.ts),
// on record batches the size the aggregator fetches (raw-event messages of the aggregator bench's workload).
//   node bench/kafka-codec/run.js [batches=60] [messagesPerBatch=20]
// Decompression only (compressing is kafkajs's own in both). Alternates the two codecs 3 times;
// prints wall and process CPU per batch and the ratios. No broker.
require('../register-ts');
const zlib = require('node:zlib');
const stockGzip = require('kafkajs/src/protocol/message/compression/gzip');
const { runToEnd } = require('../support/run-bench.ts');
const { figure, median } = require('../support/figures.ts');
const { sizedGzipCodec } = require('@fsmon/kafka');
const { mixedTraffic } = require('../aggregator/raw-events.workload.ts');

const n = (x, digits = 2) => figure(x, digits);

async function measureDecompress(codec, inputs) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const input of inputs) await codec.decompress(input);
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: (performance.now() - t0) / inputs.length, cpuMs: (cpu.user + cpu.system) / 1000 / inputs.length };
}

async function main() {
  const [batches = 60, perBatch = 20] = process.argv.slice(2).map(Number);
  const messages = mixedTraffic(batches * perBatch * 100, 100).messages;
  const raw = [];
  for (let i = 0; i < batches; i++) raw.push(Buffer.concat(messages.slice(i * perBatch, (i + 1) * perBatch).map((m) => m.value)));
  const gz = raw.map((b) => zlib.gzipSync(b));
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`kafka-codec: ${batches} record batches of ${perBatch} raw-event messages, ${n(avg(raw.map((b) => b.length)) / 1e6)} MB each (${n(avg(gz.map((b) => b.length)) / 1e3, 1)} kB gzipped), node ${process.version}`);
  for (let i = 0; i < gz.length; i++) if (!(await sizedGzipCodec.decompress(gz[i])).equals(raw[i])) throw new Error(`batch ${i}: sized codec inflated different bytes`);
  const rows = { stock: [], sized: [] };
  for (let round = 0; round < 3; round++) {
    for (const which of round % 2 === 0 ? ['stock', 'sized'] : ['sized', 'stock']) rows[which].push(await measureDecompress(which === 'stock' ? stockGzip : sizedGzipCodec, gz));
  }
  const sw = median(rows.stock.map((r) => r.wallMs)), zw = median(rows.sized.map((r) => r.wallMs));
  const sc = median(rows.stock.map((r) => r.cpuMs)), zc = median(rows.sized.map((r) => r.cpuMs));
  console.log(`  decompress, median of 3: stock ${n(sw)} ms wall, ${n(sc)} ms CPU per batch; sized ${n(zw)} ms wall, ${n(zc)} ms CPU`);
  console.log(`  sized/stock: wall ${n(zw / sw)}x, CPU ${n(zc / sc)}x`);
  console.log(JSON.stringify({ bench: 'kafka-codec', batches, perBatch, rows }));
}

runToEnd('kafka-codec', main);
