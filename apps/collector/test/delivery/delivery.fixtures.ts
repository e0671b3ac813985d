import { Topics, type FileRawEvent, type RawEventBatch } from '@fsmon/contracts';
import type { EmbeddedKafka } from '@fsmon/embedded';
import { collectMessages } from '@fsmon/testing';
import type { CollectorIdentity } from '../../src/publish/collector-identity';
import type { RawDeliveryOptions } from '../../src/publish/raw-delivery.options';

// Builders and read-back helpers for the delivery int-specs.

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
export const identity: CollectorIdentity = { collectorId: 'col-1', host: { id: 'h1', name: 'node-1' } };

export function options(spoolDir: string, overrides: Partial<RawDeliveryOptions> = {}): RawDeliveryOptions {
  return {
    maxBatchEvents: 50,
    maxBatchBytes: 256 * 1024,
    lingerMs: 20,
    memoryMaxBytes: 1024 * 1024,
    spoolDir,
    spoolMaxBytes: 16 * 1024 * 1024,
    spoolSegmentBytes: 256 * 1024,
    sendMaxBatches: 50,
    sendMaxBytes: 1024 * 1024,
    retryInitialMs: 50,
    retryMaxMs: 500,
    stopDrainMs: 1000,
    ...overrides,
  };
}

/** A valid file event of `container` (null: the host); `n` is kept in its id and path. */
export function fileEvent(container: string | null, n: number): FileRawEvent {
  return {
    type: 'file',
    id: `col-1:${container ?? 'host'}:${n}`,
    at: '2025-01-01T00:00:00.000Z',
    source: 'fanotify',
    container: container === null ? null : { id: container, name: container, image: 'img', labels: {} },
    rootPid: 1,
    path: `/etc/file-${n}`,
    kind: 'Modified',
    msg: 'File was modified.',
    mask: 2,
    filterKey: '/etc/',
    group: 'g',
    protect: false,
    userAdded: false,
    decision: 'none',
    package: false,
    procs: [],
    stat: { exists: true, isDir: false, isSymlink: false, hash: '' },
  };
}

/** Interleaves `perContainer` events of each container, in order per container. */
export function interleaved(containers: (string | null)[], perContainer: number, from = 0): FileRawEvent[] {
  const out: FileRawEvent[] = [];
  for (let n = from; n < from + perContainer; n++) for (const c of containers) out.push(fileEvent(c, n));
  return out;
}

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function setAllBrokers(kafka: EmbeddedKafka, up: boolean): void {
  for (let id = 1; id <= kafka.brokers.length; id++) {
    if (up) kafka.setBrokerUp(id);
    else kafka.setBrokerDown(id);
  }
}

export interface ReadBack {
  /** Keyed batches, de-duplicated by (collectorId, seq), in partition order. */
  batches: { key: string; value: RawEventBatch }[];
  duplicates: number;
  /** Event ids per key, in delivery order; gap events as `gap:<lost>`. */
  byKey: Map<string, string[]>;
}

/** Reads `count` raw-event batches back and lays their events out per key. */
export async function readBack(brokers: string[], count: number): Promise<ReadBack> {
  const messages = await collectMessages(brokers, Topics.RawEvents, { count, timeoutMs: 20_000 });
  messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  const seen = new Set<string>();
  const batches: ReadBack['batches'] = [];
  for (const m of messages) {
    const id = `${m.value.collectorId}:${m.value.seq}`;
    if (seen.has(id)) continue;
    seen.add(id);
    batches.push({ key: m.key ?? '', value: m.value });
  }
  const byKey = new Map<string, string[]>();
  for (const b of batches) {
    const list = byKey.get(b.key) ?? [];
    for (const e of b.value.events) list.push(e.type === 'file' ? e.id : `gap:${e.lost ?? 0}`);
    byKey.set(b.key, list);
  }
  return { batches, duplicates: messages.length - batches.length, byKey };
}

export function expectedIds(container: string | null, from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `col-1:${container ?? 'host'}:${from + i}`);
}
