import { Partitioners, type ICustomPartitioner, type PartitionerArgs } from 'kafkajs';

/** Keys remembered per topic; past this the topic's memory starts over (a key space that large is not "a few keys"). */
const MAX_KEYS_PER_TOPIC = 10_000;

interface Remembered {
  /** The partition count the answer was computed for. */
  partitions: number;
  partition: number;
}

/**
 * kafkajs's DefaultPartitioner (murmur2 of the key, as the Java client), with its answer for a
 * string key remembered per topic and partition count. Same partition for every message; only the
 * cost differs: kafkajs hashes with 64-bit `Long` arithmetic and filters the partition list for
 * every message (~3 µs each, on the producing thread), while fsmon's publishers send the same few
 * keys (one per container) over and over. Buffer keys, unkeyed messages and an explicit partition
 * go to DefaultPartitioner as they are.
 */
export const KeyCachingPartitioner: ICustomPartitioner = () => {
  const inner = Partitioners.DefaultPartitioner();
  const topics = new Map<string, Map<string, Remembered>>();
  return (args: PartitionerArgs): number => {
    const { topic, partitionMetadata, message } = args;
    const key = message.key;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null)) return inner(args);
    let known = topics.get(topic);
    if (known === undefined) topics.set(topic, (known = new Map()));
    const hit = known.get(key);
    if (hit !== undefined && hit.partitions === partitionMetadata.length) return hit.partition;
    const partition = inner(args);
    if (known.size >= MAX_KEYS_PER_TOPIC) known.clear();
    known.set(key, { partitions: partitionMetadata.length, partition });
    return partition;
  };
};
