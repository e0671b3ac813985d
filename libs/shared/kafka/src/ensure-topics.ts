import { Logger } from '@nestjs/common';
import { TopicPartitions } from '@fsmon/contracts';
import type { KafkaClient } from './create-kafka';
import { toKafkaError } from './kafka-error.mapper';

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  /** Topics that were missing but could not be created because the broker lacks CreateTopics. */
  notCreated: string[];
}

const logger = new Logger('ensureTopics');
let warnedNoCreateTopics = false;

/**
 * Creates every missing topic with its partition count (real Kafka, broker-default replication).
 * Topics that exist are left alone (a partition count below the wanted one is logged, not changed).
 * A broker without the CreateTopics API (the embedded mock, which pre-creates fsmon's topics) is
 * logged once per process and reported in `notCreated`. Never fails on "already exists".
 * @throws KafkaUnavailableError when no broker answers.
 */
export async function ensureTopics(
  kafka: KafkaClient,
  topics: Readonly<Record<string, number>> = TopicPartitions,
): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const present = new Set(await admin.listTopics());
    const existing = Object.keys(topics).filter((t) => present.has(t));
    const missing = Object.keys(topics).filter((t) => !present.has(t));
    if (existing.length > 0) {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: existing });
      for (const t of meta) {
        if (t.partitions.length < topics[t.name]) {
          logger.warn(`${t.name} has ${t.partitions.length} partitions, fsmon expects ${topics[t.name]}`);
        }
      }
    }
    if (missing.length === 0) return { created: [], existing, notCreated: [] };
    try {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: topics[topic] })), waitForLeaders: true });
      return { created: missing, existing, notCreated: [] };
    } catch (e) {
      if ((e as Error).name !== 'KafkaJSServerDoesNotSupportApiKey') throw e;
      if (!warnedNoCreateTopics) {
        warnedNoCreateTopics = true;
        logger.warn(`the broker does not support CreateTopics; not creating ${missing.join(', ')} (an embedded broker pre-creates fsmon's topics)`);
      }
      return { created: [], existing, notCreated: missing };
    }
  } catch (e) {
    throw toKafkaError(e, 'ensureTopics');
  } finally {
    await admin.disconnect();
  }
}
