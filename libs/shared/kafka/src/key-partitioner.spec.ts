import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { KeyCachingPartitioner } from './key-partitioner';

function metadata(n: number, leaderless: number[] = []): PartitionMetadata[] {
  return Array.from({ length: n }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 0,
    replicas: [0],
    isr: [0],
  }));
}

describe('KeyCachingPartitioner', () => {
  const keys = Array.from({ length: 300 }, (_, i) => `host-${i % 7}/${(0x9a3f00 + i).toString(16)}e1c0ffee`).concat(['', 'host', 'ünïcödé/ключ']);

  it.each([1, 3, 16, 27, 64])('puts every string key where DefaultPartitioner does (%i partitions), also when asked again', (n) => {
    const reference = Partitioners.DefaultPartitioner();
    const sut = KeyCachingPartitioner();
    const partitionMetadata = metadata(n, n > 3 ? [1] : []);
    for (const round of [1, 2]) {
      for (const key of keys) {
        const args: PartitionerArgs = { topic: 't', partitionMetadata, message: { key, value: null } };
        expect([round, key, sut(args)]).toEqual([round, key, reference(args)]);
      }
    }
  });

  it('follows a change in the partition count', () => {
    const sut = KeyCachingPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const n of [4, 32, 4]) {
      const args: PartitionerArgs = { topic: 't', partitionMetadata: metadata(n), message: { key: 'host/abc', value: null } };
      expect(sut(args)).toBe(reference(args));
    }
  });

  it('keeps an explicit partition, and hashes Buffer keys as DefaultPartitioner does', () => {
    const sut = KeyCachingPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const partitionMetadata = metadata(16);
    expect(sut({ topic: 't', partitionMetadata, message: { key: 'host/abc', value: null, partition: 5 } })).toBe(5);
    const buffer: PartitionerArgs = { topic: 't', partitionMetadata, message: { key: Buffer.from('host/abc'), value: null } };
    expect(sut(buffer)).toBe(reference(buffer));
    expect(sut(buffer)).toBe(sut({ topic: 't', partitionMetadata, message: { key: 'host/abc', value: null } }));
  });

  it('spreads unkeyed messages over the partitions with a leader, as DefaultPartitioner does', () => {
    const sut = KeyCachingPartitioner();
    const partitionMetadata = metadata(4, [2]);
    const seen = new Set(Array.from({ length: 40 }, () => sut({ topic: 't', partitionMetadata, message: { value: null } })));
    expect([...seen].sort()).toEqual([0, 1, 3]);
  });
});
