import type { HostIdentity } from '@fsmon/contracts';
import type { SealedBatch } from './sealed-batch';

export interface RawBatchBuilderOptions {
  collectorId: string;
  host: HostIdentity;
  /** A key's batch is sealed when it holds this many events... */
  maxEvents: number;
  /** ...or this many bytes of event JSON (an event larger than this travels alone)... */
  maxBytes: number;
  /** ...or when its oldest event has waited this long. */
  lingerMs: number;
}

interface OpenBatch {
  parts: string[];
  bytes: number;
}

/**
 * Collects encoded events per Kafka key into RawEventBatch values, in arrival order, and hands
 * each batch over sealed. Sequence numbers start at the start time in µs (`Date.now() * 1000`)
 * and count up, so (collectorId, seq) stays unique and increasing across restarts as long as a
 * collector averages fewer than 1000 batches per millisecond.
 */
export class RawBatchBuilder {
  private readonly open = new Map<string, OpenBatch>();
  private readonly prefix: string;
  private timer?: NodeJS.Timeout;
  private seq = Date.now() * 1000;
  private bytes = 0;
  private events = 0;

  constructor(
    private readonly opts: RawBatchBuilderOptions,
    private readonly onSealed: (batch: SealedBatch) => void,
  ) {
    this.prefix = `{"schema":1,"collectorId":${JSON.stringify(opts.collectorId)},"host":${JSON.stringify(opts.host)},"seq":`;
  }

  /** Adds one validated, JSON-encoded event to `key`'s open batch. */
  add(key: string, json: string): void {
    const size = Buffer.byteLength(json);
    let batch = this.open.get(key);
    if (batch && batch.bytes + size > this.opts.maxBytes) {
      this.seal(key, batch);
      batch = undefined;
    }
    if (!batch) {
      batch = { parts: [], bytes: 0 };
      this.open.set(key, batch);
    }
    batch.parts.push(json);
    batch.bytes += size;
    this.bytes += size;
    this.events++;
    if (batch.parts.length >= this.opts.maxEvents || batch.bytes >= this.opts.maxBytes) this.seal(key, batch);
    else this.timer ??= setTimeout(() => this.sealAll(), this.opts.lingerMs).unref();
  }

  /** Seals every open batch now. */
  sealAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [key, batch] of this.open) this.seal(key, batch);
  }

  /** A sealed batch of `parts` for `key` outside the open batches (gap notices). */
  build(key: string, parts: readonly string[]): SealedBatch {
    return { key, value: Buffer.from(`${this.prefix}${this.seq++},"events":[${parts.join(',')}]}`), events: parts.length };
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

  private seal(key: string, batch: OpenBatch): void {
    this.open.delete(key);
    this.bytes -= batch.bytes;
    this.events -= batch.parts.length;
    this.onSealed(this.build(key, batch.parts));
  }
}
