import type { HostIdentity } from './common.schema';
import { MAX_BATCH_EVENTS, MAX_BATCH_TABLE_ENTRIES, type RawEvent, type RawEventBatch } from './raw-event.schema';

/** What every batch of one writer says about where it comes from. */
export interface RawBatchEnvelope {
  collectorId: string;
  host: HostIdentity;
}

/**
 * One event encoded for a form-2 batch, before a batch takes it: the event's own fields, and its
 * container and processes apart (the batch decides which table entries they become).
 */
export class RawBatchEntry {
  /** The event's JSON without `container` and `procs` (a gap event's whole JSON). */
  private readonly body: string;
  private readonly bodyBytes: number;
  readonly container: string | null;
  readonly procs: readonly string[];
  private readonly isFile: boolean;

  constructor(event: RawEvent) {
    this.isFile = event.type === 'file';
    if (event.type === 'file') {
      // undefined fields are left out by JSON.stringify; the references go in front (json below).
      this.body = JSON.stringify({ ...event, container: undefined, procs: undefined });
      this.container = event.container === null ? null : JSON.stringify(event.container);
      this.procs = event.procs.map((p) => JSON.stringify(p));
    } else {
      this.body = JSON.stringify(event);
      this.container = null;
      this.procs = [];
    }
    this.bodyBytes = Buffer.byteLength(this.body);
  }

  /** About the bytes of JSON the event takes in a batch of its own, its table entries included. */
  bytesAlone(): number {
    return this.procs.reduce((n, p) => n + Buffer.byteLength(p) + 8, this.bodyBytes + Buffer.byteLength(this.container ?? '') + 40);
  }

  /**
   * Whether bytesAlone() is above `limit`, encoding nothing when the text is short enough to tell
   * (UTF-8 takes at most 3 bytes per UTF-16 unit): the common case costs a few additions.
   */
  isLargerThan(limit: number): boolean {
    const units = this.procs.reduce((n, p) => n + p.length + 8, this.body.length + (this.container?.length ?? 0) + 40);
    return units * 3 > limit && this.bytesAlone() > limit;
  }

  /** The event's JSON with `container` and `procs` as the given table indexes. */
  json(container: number | null, procs: readonly number[]): string {
    return this.isFile ? `{"container":${container},"procs":[${procs.join(',')}],${this.body.slice(1)}` : this.body;
  }

  /** The bytes of a `json` of this entry, without encoding it: the references in front are ASCII. */
  bytesOf(json: string): number {
    return this.bodyBytes + json.length - this.body.length;
  }
}

/**
 * Builds one raw-event batch in wire form 2 (RawEventBatchV2) from events already checked against
 * the contract, and encodes it. Each distinct container and process (compared by their JSON, so
 * two processes that differ in any field stay apart) is written once, in the order first seen.
 */
export class RawEventBatchWriter {
  private readonly events: string[] = [];
  private readonly containers = new Map<string, number>();
  private readonly procs = new Map<string, number>();
  private size = 0;

  /**
   * Adds the entry unless the batch is not empty and the entry would take it past `maxBytes` of
   * JSON or past a bound of the contract: then returns false and changes nothing. An empty batch
   * takes any entry, however large (`isLargerThan` tells the caller which to refuse first).
   */
  add(entry: RawBatchEntry, maxBytes: number): boolean {
    if (this.events.length >= MAX_BATCH_EVENTS) return false;
    const newContainer = entry.container !== null && !this.containers.has(entry.container) ? entry.container : undefined;
    const newProcs = entry.procs.filter((p, i) => !this.procs.has(p) && entry.procs.indexOf(p) === i);
    if (this.containers.size + (newContainer === undefined ? 0 : 1) > MAX_BATCH_TABLE_ENTRIES || this.procs.size + newProcs.length > MAX_BATCH_TABLE_ENTRIES) return false;
    const container = entry.container === null ? null : (this.containers.get(entry.container) ?? this.containers.size);
    const procs = entry.procs.map((p) => this.procs.get(p) ?? this.procs.size + newProcs.indexOf(p));
    const json = entry.json(container, procs);
    let bytes = entry.bytesOf(json) + 1;
    if (newContainer !== undefined) bytes += Buffer.byteLength(newContainer) + 1;
    for (const p of newProcs) bytes += Buffer.byteLength(p) + 1;
    if (this.events.length > 0 && this.size + bytes > maxBytes) return false;
    if (newContainer !== undefined) this.containers.set(newContainer, this.containers.size);
    for (const p of newProcs) this.procs.set(p, this.procs.size);
    this.events.push(json);
    this.size += bytes;
    return true;
  }

  /** Events in the batch. */
  get count(): number {
    return this.events.length;
  }

  /** Bytes of JSON the events and tables take (the envelope aside). */
  get bytes(): number {
    return this.size;
  }

  /** The batch as a message value, numbered `seq`. */
  encode(envelope: RawBatchEnvelope, seq: number): Buffer {
    const { collectorId, host } = envelope;
    return Buffer.from(
      `{"schema":2,"collectorId":${JSON.stringify(collectorId)},"host":${JSON.stringify(host)},"seq":${seq},` +
        `"containers":[${[...this.containers.keys()].join(',')}],"procs":[${[...this.procs.keys()].join(',')}],"events":[${this.events.join(',')}]}`,
    );
  }
}

/** A whole batch written in wire form 2, however large (for tests and benches; collectors add events one by one). */
export function encodeFormTwo(batch: RawEventBatch): Buffer {
  const writer = new RawEventBatchWriter();
  for (const event of batch.events) writer.add(new RawBatchEntry(event), Infinity);
  return writer.encode(batch, batch.seq);
}
