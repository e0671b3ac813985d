import { Gauge, register } from 'prom-client';
import type { KafkaConsumerRegistry } from './kafka-consumer.registry';

const sources = new Set<KafkaConsumerRegistry>();

/**
 * Per-consumer-group gauges in prom-client's default registry, read from the registries at scrape
 * time: `fsmon_kafka_consumer_up` (1 when joined or rebalancing), `fsmon_kafka_consumer_messages_in`,
 * `fsmon_kafka_consumer_dead_lettered`, `fsmon_kafka_consumer_handler_errors` (totals since start).
 * Returns a function that removes `registry` again.
 */
export function exposeConsumerMetrics(registry: KafkaConsumerRegistry): () => void {
  sources.add(registry);
  gauge('fsmon_kafka_consumer_up', 'Consumer group joined (1) or not (0)', (s) => (s.status === 'connected' || s.status === 'rebalancing' ? 1 : 0));
  gauge('fsmon_kafka_consumer_messages_in', 'Messages fetched since the consumer started', (s) => s.messagesIn);
  gauge('fsmon_kafka_consumer_dead_lettered', 'Messages dead-lettered since the consumer started', (s) => s.deadLettered);
  gauge('fsmon_kafka_consumer_handler_errors', 'Handler attempts that threw since the consumer started', (s) => s.handlerErrors);
  return () => sources.delete(registry);
}

type Stat = ReturnType<KafkaConsumerRegistry['stats']>[number];

function gauge(name: string, help: string, read: (s: Stat) => number): void {
  if (register.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames: ['group'],
    collect() {
      this.reset();
      for (const registry of sources) for (const s of registry.stats()) this.set({ group: s.groupId }, read(s));
    },
  });
}
