'use strict';
// Kafka baseline: plain kafkajs against the embedded broker (librdkafka's mock cluster).
//   node bench/kafka-baseline/run.js [messages] [valueBytes]
// Prints produce and consume rates, then one JSON line; exits 0 with nothing left running.
require('../register-ts');
const { runToEnd } = require('../support/run-bench.ts');
const { startEmbeddedKafka } = require('@fsmon/embedded');
const { measurePlainKafkajsBaseline } = require('@fsmon/kafka');

const TOPIC = 'bench.kafka-baseline';
// The mock keeps at most 5 MiB per partition: 100k x 1 KiB spread over 32 partitions is ~3.2 MB each.
const RETENTION_BYTES = 5 * 1024 * 1024;

async function main() {
  const messages = Number(process.argv[2] ?? 100_000);
  const valueBytes = Number(process.argv[3] ?? 1024);
  const partitions = Math.max(32, Math.ceil((messages * (valueBytes + 100)) / (RETENTION_BYTES * 0.6)));
  const broker = await startEmbeddedKafka({ topics: { [TOPIC]: partitions } });
  let result;
  try {
    result = await measurePlainKafkajsBaseline({ brokers: broker.brokers, topic: TOPIC, messages, valueBytes });
  } finally {
    await broker.stop();
  }
  const n = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
  console.log(`kafka-baseline: plain kafkajs 2.2.4, embedded broker (1 broker, ${partitions} partitions), ${n(messages)} x ${valueBytes} B`);
  console.log(`  produce (sends of 1000, acks all): ${n(result.produceSeconds, 2)} s  ${n(result.produceMsgsPerSec)} msgs/s  ${n(result.produceMBPerSec, 1)} MB/s`);
  console.log(`  consume (fresh group, after a ${n(result.joinSeconds, 1)} s join): ${n(result.consumeSeconds, 2)} s  ${n(result.consumeMsgsPerSec)} msgs/s  ${n(result.consumeMBPerSec, 1)} MB/s`);
  console.log(JSON.stringify({ bench: 'kafka-baseline', partitions, ...result }));
}

runToEnd('kafka-baseline', main);
