/** A batch ready to send: its Kafka key, its encoded RawEventBatch value and how many events it holds. */
export interface SealedBatch {
  readonly key: string;
  readonly value: Buffer;
  readonly events: number;
}

/** Kafka key of a workload's raw events (Topics.RawEvents convention). */
export function rawEventKey(hostId: string, containerId: string | null): string {
  return `${hostId}/${containerId ?? 'host'}`;
}
