import type { AggregatorConfig, AggregatorMetrics } from '@fsmon/aggregator-domain';
import type { GapRawEvent } from '@fsmon/contracts';
import type { OutgoingReport } from '../../reports/outgoing-report';
import type { RingRegion } from './hand-over.ring';

/** What an engine worker is started with. */
export interface EngineWorkerData {
  config: AggregatorConfig;
  /** Memory shared with the consuming thread, where most batches' values are (see HandOverRing). */
  ring: SharedArrayBuffer;
}

/** One raw-events message of a `batch` command: its value is bytes [start, end) of the command's values (null: a tombstone). */
export interface BatchItem {
  partition: number;
  offset: string;
  start: number;
  end: number;
  tombstone: boolean;
}

/**
 * Main thread → engine worker, handled strictly in order. `batch` carries raw-events messages as
 * stored, in the order consumed, their values packed one after the other (the worker decodes and
 * validates each): in a region of the shared ring (`ring`), or in a buffer moved with the command
 * (`bytes`). The other commands act on every partition the worker holds.
 */
export type EngineCommand =
  | ({ op: 'batch'; items: BatchItem[] } & ({ ring: RingRegion; bytes?: undefined } | { bytes: Uint8Array; ring?: undefined }))
  | { op: 'tick' }
  | { op: 'flushAll' }
  | { op: 'drop'; partitions: number[] }
  /** The message at offset was dead-lettered: commits may pass it. */
  | { op: 'skip'; partition: number; offset: string };

/** A gap event, with where it came from (for the log line). */
export interface GapNotice {
  collectorId: string;
  hostId: string;
  gap: GapRawEvent;
}

/** Why a `batch` was not accepted: it goes to the dead-letter topic. */
export interface Rejection {
  /** `handler-error`: it decoded but the engine refused it (bad position or time). */
  cause: 'empty' | 'too-big' | 'not-json' | 'schema' | 'handler-error';
  reason: string;
}

/**
 * Engine worker → main thread: one reply per command, in order. The reports and the safe offsets
 * are taken together, so committing `safe` once `reports` (and every earlier reply's) are
 * acknowledged never commits an event ahead of its report.
 */
export interface EngineReply {
  op: EngineCommand['op'];
  /** Validated and serialized here, so the consuming thread only sends them. */
  reports: OutgoingReport[];
  gaps: GapNotice[];
  /** `batch`: per item, in order, why it was not accepted (undefined: accepted). */
  rejected?: (Rejection | undefined)[];
  /**
   * Per partition this worker holds, the next offset the group may resume from; absent when not
   * taken this time (the previous ones still hold: they lag, never lead).
   */
  safe?: [partition: number, offset: string][];
  metrics: AggregatorMetrics;
}
