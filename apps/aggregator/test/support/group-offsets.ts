import { Topics } from '@fsmon/contracts';
import type { KafkaClient } from '@fsmon/kafka';

/** Raw-event partitions whose committed offset (for `groupId`) is behind their end, as `p: committed < end`. */
export async function uncommittedPartitions(kafka: KafkaClient, groupId: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(Topics.RawEvents);
    const [group] = await admin.fetchOffsets({ groupId, topics: [Topics.RawEvents] });
    return ends
      .filter((e) => e.high !== '0')
      .map((e) => ({ e, committed: group.partitions.find((p) => p.partition === e.partition)?.offset }))
      .filter(({ e, committed }) => committed !== e.high)
      .map(({ e, committed }) => `${e.partition}: ${committed} < ${e.high}`);
  } finally {
    await admin.disconnect();
  }
}
