import { Worker } from 'node:worker_threads';
import type { AggregatorConfig } from '@fsmon/aggregator-domain';
import type { RawConsumedMessage } from '@fsmon/kafka';
import { ENGINE_WORKER_BOOTSTRAP, engineWorkerEntry } from './engine-worker.bootstrap';
import type { BatchItem, EngineCommand, EngineReply } from './engine.protocol';

export interface EngineShardEvents {
  /** Every reply, in command order, before the command's own promise settles; `messages`: a batch's, in order (else empty). */
  onReply(reply: EngineReply, messages: RawConsumedMessage[]): void;
  /** The worker ended unasked: its windows and every command still queued to it are gone. */
  onCrash(error: Error): void;
}

interface Sent {
  /** A `batch` command: its messages, in order. */
  messages?: RawConsumedMessage[];
  bytes: number;
  resolve?: (reply: EngineReply) => void;
  reject?: (error: Error) => void;
}

/**
 * Messages handed over in one synchronous run (kafkajs delivers a fetched batch that way) travel
 * as one `batch` command, up to these bounds: one copy, one post and one reply for all of them.
 */
const GROUP_MESSAGES = 64;
const GROUP_BYTES = 4 * 1024 * 1024;
/** Every batch fits (a single message above GROUP_BYTES gets a buffer of its own). */
export const BUFFER_BYTES = GROUP_BYTES;

/**
 * The main-thread handle of one engine worker thread: commands go out in order, replies come back
 * in the same order and are matched to them. Single use: after a crash the stage makes a new one.
 */
export class EngineShard {
  /** Bytes of raw-event values sent and not yet replied to. */
  queuedBytes = 0;
  /** Replies received (a worker that crashes before its first reply never worked). */
  replies = 0;
  readonly exited: Promise<void>;
  private readonly worker: Worker;
  private readonly sent: Sent[] = [];
  /** Messages posted and not yet sent (see GROUP_MESSAGES). */
  private group: RawConsumedMessage[] = [];
  private groupBytes = 0;
  private flushSoon?: NodeJS.Immediate;
  private readonly spares: ArrayBuffer[] = [];
  private closing = false;

  /**
   * `spareBuffers`: a batch's buffer comes back with its reply and is kept for the next batch, up
   * to this many (give it the most that can be in flight, see EngineStage): each buffer dropped is
   * another fresh one later, megabytes of external memory every few milliseconds, which V8 answers
   * with full garbage collections on the consuming thread (with 4 kept and 8 in flight, 40% of the
   * batches took a new buffer and the consuming thread ran a mark-compact every ~60 ms). Spares
   * never outnumber the buffers that were in flight at once, so they add nothing to the peak.
   */
  constructor(
    readonly index: number,
    config: AggregatorConfig,
    private readonly events: EngineShardEvents,
    private readonly spareBuffers: number,
  ) {
    const { entry, preload } = engineWorkerEntry();
    this.worker = new Worker(ENGINE_WORKER_BOOTSTRAP, { eval: true, name: `aggregator-engine-${index}`, workerData: { entry, preload, config } });
    let failure: Error | undefined;
    this.worker.on('message', (reply: EngineReply) => this.onMessage(reply));
    this.worker.on('error', (e) => (failure = e));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.onExit(failure ?? new Error(`engine worker ${index} exited with code ${code}`));
        resolve();
      }),
    );
  }

  /** Messages and commands queued to the worker and not yet replied to. */
  get queued(): number {
    return this.sent.reduce((n, s) => n + (s.messages?.length ?? 1), 0) + this.group.length;
  }

  /**
   * Queues a raw-events message to be decoded and aggregated; it leaves with the others posted in
   * the same synchronous run (at the latest on setImmediate), its value copied into their buffer.
   */
  post(message: RawConsumedMessage): void {
    const bytes = message.value?.length ?? 0;
    if (this.groupBytes + bytes > GROUP_BYTES) this.sendGroup();
    this.queuedBytes += bytes;
    this.group.push(message);
    this.groupBytes += bytes;
    if (this.group.length >= GROUP_MESSAGES) this.sendGroup();
    else this.flushSoon ??= setImmediate(() => this.sendGroup());
  }

  /** Sends a command; resolves with its reply (after the replies of everything sent before it). */
  request(cmd: Exclude<EngineCommand, { op: 'batch' }>): Promise<EngineReply> {
    this.sendGroup();
    return new Promise((resolve, reject) => {
      this.sent.push({ bytes: 0, resolve, reject });
      this.worker.postMessage(cmd);
    });
  }

  private sendGroup(): void {
    if (this.flushSoon !== undefined) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    const messages = this.group;
    if (messages.length === 0) return;
    const packed = new Uint8Array(this.bufferFor(this.groupBytes), 0, this.groupBytes);
    const items: BatchItem[] = [];
    let at = 0;
    for (const m of messages) {
      const start = at;
      if (m.value !== null) packed.set(m.value, start);
      at += m.value?.length ?? 0;
      items.push({ partition: m.partition, offset: m.offset, start, end: at, tombstone: m.value === null });
    }
    this.sent.push({ messages, bytes: this.groupBytes });
    this.group = [];
    this.groupBytes = 0;
    const cmd: EngineCommand = { op: 'batch', items, bytes: packed };
    this.worker.postMessage(cmd, [packed.buffer]);
  }

  /** Ends the worker (what it holds is dropped: flush first). */
  async close(): Promise<void> {
    this.closing = true;
    this.dropGroup();
    await this.worker.terminate();
    await this.exited;
  }

  private bufferFor(bytes: number): ArrayBuffer {
    if (bytes > BUFFER_BYTES) return new ArrayBuffer(bytes);
    return this.spares.pop() ?? new ArrayBuffer(BUFFER_BYTES);
  }

  private onMessage(reply: EngineReply): void {
    if (reply.spare !== undefined && reply.spare.byteLength === BUFFER_BYTES && this.spares.length < this.spareBuffers) this.spares.push(reply.spare);
    const sent = this.sent.shift();
    if (sent === undefined) return;
    this.queuedBytes -= sent.bytes;
    this.replies++;
    this.events.onReply(reply, sent.messages ?? []);
    sent.resolve?.(reply);
  }

  private dropGroup(): void {
    if (this.flushSoon !== undefined) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    this.group = [];
    this.groupBytes = 0;
  }

  private onExit(error: Error): void {
    const lost = this.sent.splice(0);
    this.dropGroup();
    this.queuedBytes = 0;
    const why = this.closing ? new Error(`engine worker ${this.index} closed`) : error;
    for (const s of lost) s.reject?.(why);
    if (!this.closing) this.events.onCrash(error);
  }
}
