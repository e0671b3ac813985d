import { Topics } from '@fsmon/contracts';
import type { KafkaClient } from '@fsmon/kafka';

/** Per partition: the first retained offset and the next offset to be written. */
export type PartitionEnds = Map<number, { low: number; high: number }>;

/**
 * The policy topic's offsets, so a fresh consumer knows when it has read everything that was
 * there when it started. Uses the client's admin API directly because @fsmon/kafka has no
 * end-offset helper yet (reported; it belongs there).
 * @throws whatever the admin client throws when no broker answers.
 */
export async function fetchPolicyEnds(kafka: KafkaClient): Promise<PartitionEnds> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(Topics.Policy);
    return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
  } finally {
    await admin.disconnect();
  }
}
