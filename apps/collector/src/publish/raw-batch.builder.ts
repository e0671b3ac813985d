import { RawEventBatchWriter, type HostIdentity, type RawBatchEntry } from '@fsmon/contracts';
import type { SealedBatch } from './sealed-batch';

export interface RawBatchBuilderOptions {
  collectorId: string;
  host: HostIdentity;
  /** A key's batch is sealed when it holds this many events... */
  maxEvents: number;
  /** ...or this many bytes of JSON (an event larger than this travels alone)... */
  maxBytes: number;
  /** ...or when its oldest event has waited this long. */
  lingerMs: number;
}

/**
 * Collects checked events per Kafka key into raw-event batches (wire form 2, see
 * RawEventBatchWriter), in arrival order, and hands each batch over sealed. Sequence numbers
 * start at the start time in µs (`Date.now() * 1000`) and count up, so (collectorId, seq) stays
 * unique and increasing across restarts as long as a collector averages fewer than 1000 batches
 * per millisecond.
 */
export class RawBatchBuilder {
  private readonly open = new Map<string, RawEventBatchWriter>();
  private timer?: NodeJS.Timeout;
  private seq = Date.now() * 1000;
  private bytes = 0;
  private events = 0;

  constructor(
    private readonly opts: RawBatchBuilderOptions,
    private readonly onSealed: (batch: SealedBatch) => void,
  ) {}

  /** Adds one checked event to `key`'s open batch. */
  add(key: string, entry: RawBatchEntry): void {
    let batch = this.open.get(key);
    const before = batch?.bytes ?? 0;
    if (batch?.add(entry, this.opts.maxBytes)) {
      this.bytes += batch.bytes - before;
    } else {
      // No open batch, or it has no room left: seal it; a new batch takes any entry.
      if (batch) this.seal(key, batch);
      batch = new RawEventBatchWriter();
      this.open.set(key, batch);
      batch.add(entry, this.opts.maxBytes);
      this.bytes += batch.bytes;
    }
    this.events++;
    if (batch.count >= this.opts.maxEvents || batch.bytes >= this.opts.maxBytes) this.seal(key, batch);
    else this.timer ??= setTimeout(() => this.sealAll(), this.opts.lingerMs).unref();
  }

  /** Seals every open batch now. */
  sealAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [key, batch] of this.open) this.seal(key, batch);
  }

  /** A sealed batch of `entries` for `key` outside the open batches (gap notices). */
  build(key: string, entries: readonly RawBatchEntry[]): SealedBatch {
    const batch = new RawEventBatchWriter();
    for (const entry of entries) batch.add(entry, Infinity);
    return this.sealed(key, batch);
  }

  get openEvents(): number {
    return this.events;
  }

  get openBytes(): number {
    return this.bytes;
  }

  /** Stops the linger timer (open batches stay until sealAll). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private seal(key: string, batch: RawEventBatchWriter): void {
    this.open.delete(key);
    this.bytes -= batch.bytes;
    this.events -= batch.count;
    this.onSealed(this.sealed(key, batch));
  }

  private sealed(key: string, batch: RawEventBatchWriter): SealedBatch {
    return { key, value: batch.encode(this.opts, this.seq++), events: batch.count };
  }
}
