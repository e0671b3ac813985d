import { Worker } from 'node:worker_threads';
import type { AggregatorConfig } from '@fsmon/aggregator-domain';
import type { RawConsumedMessage } from '@fsmon/kafka';
import { ENGINE_WORKER_BOOTSTRAP, engineWorkerEntry } from './engine-worker.bootstrap';
import type { BatchItem, EngineCommand, EngineReply, EngineWorkerData } from './engine.protocol';
import { HandOverRing, type RingRegion } from './hand-over.ring';

export interface EngineShardEvents {
  /** Every reply, in command order, before the command's own promise settles; `messages`: a batch's, in order (else empty). */
  onReply(reply: EngineReply, messages: RawConsumedMessage[]): void;
  /** The worker ended unasked: its windows and every command still queued to it are gone. */
  onCrash(error: Error): void;
}

interface Sent {
  /** A `batch` command: its messages, in order (detached from kafkajs's buffers when `ring` is set). */
  messages?: RawConsumedMessage[];
  items?: BatchItem[];
  bytes: number;
  /** Where the batch's values are in the ring (given back with the reply). */
  ring?: RingRegion;
  resolve?: (reply: EngineReply) => void;
  reject?: (error: Error) => void;
}

/**
 * Messages handed over in one synchronous run (kafkajs delivers a fetched batch that way) travel
 * as one `batch` command, up to these bounds: one copy, one post and one reply for all of them.
 */
const GROUP_MESSAGES = 64;
export const GROUP_BYTES = 4 * 1024 * 1024;

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
  private readonly ring: HandOverRing;
  private closing = false;

  /**
   * `ringBytes`: the memory shared with the worker for the values in flight (give it room for the
   * most that can be in flight, see EngineStage); a batch that finds no room there, or a message
   * above GROUP_BYTES, is moved over in a buffer of its own instead. The operating system
   * commits the ring's pages only once they are first written.
   */
  constructor(
    readonly index: number,
    config: AggregatorConfig,
    private readonly events: EngineShardEvents,
    ringBytes: number,
  ) {
    const { entry, preload } = engineWorkerEntry();
    this.ring = new HandOverRing(ringBytes);
    const workerData: EngineWorkerData & { entry: string; preload: string[] } = { entry, preload, config, ring: this.ring.buffer };
    this.worker = new Worker(ENGINE_WORKER_BOOTSTRAP, { eval: true, name: `aggregator-engine-${index}`, workerData });
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
    const region = this.groupBytes <= GROUP_BYTES ? this.ring.take(this.groupBytes) : undefined;
    const packed = region ? new Uint8Array(this.ring.buffer, region.at, region.length) : new Uint8Array(this.groupBytes);
    const items: BatchItem[] = [];
    let at = 0;
    for (const m of messages) {
      const start = at;
      if (m.value !== null) packed.set(m.value, start);
      at += m.value?.length ?? 0;
      items.push({ partition: m.partition, offset: m.offset, start, end: at, tombstone: m.value === null });
    }
    this.sent.push({ messages: region ? messages.map(detached) : messages, items, bytes: this.groupBytes, ring: region });
    this.group = [];
    this.groupBytes = 0;
    if (region) {
      const cmd: EngineCommand = { op: 'batch', items, ring: region };
      this.worker.postMessage(cmd);
    } else {
      const cmd: EngineCommand = { op: 'batch', items, bytes: packed };
      this.worker.postMessage(cmd, [packed.buffer as ArrayBuffer]);
    }
  }

  /** Ends the worker (what it holds is dropped: flush first). */
  async close(): Promise<void> {
    this.closing = true;
    this.dropGroup();
    await this.worker.terminate();
    await this.exited;
  }

  private onMessage(reply: EngineReply): void {
    const sent = this.sent.shift();
    if (sent === undefined) return;
    const messages = sent.messages ?? [];
    if (sent.ring !== undefined) {
      this.restoreRejected(messages, sent.items ?? [], sent.ring, reply);
      this.ring.giveBack();
    }
    this.queuedBytes -= sent.bytes;
    this.replies++;
    this.events.onReply(reply, messages);
    sent.resolve?.(reply);
  }

  /**
   * A rejected message goes to the dead-letter topic as it was: its value is copied back out of
   * the ring before the worker's part of it is given back to be written again.
   */
  private restoreRejected(messages: RawConsumedMessage[], items: BatchItem[], region: RingRegion, reply: EngineReply): void {
    reply.rejected?.forEach((rejection, k) => {
      const item = items[k];
      if (rejection === undefined || item.tombstone) return;
      messages[k] = { ...messages[k], value: Buffer.from(new Uint8Array(this.ring.buffer, region.at + item.start, item.end - item.start)) };
    });
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

/**
 * A message as kept while its values are in the ring: without its value, its key copied. kafkajs's
 * values and keys are views of a whole decompressed fetch; holding them for the tens of
 * milliseconds a batch waits in the queue got those buffers moved to V8's old generation, which
 * only a full collection frees, and V8 counts that external memory towards starting one: the
 * consuming thread ran one about every 100 ms, each ~50 ms of CPU on V8's helper threads.
 */
function detached(m: RawConsumedMessage): RawConsumedMessage {
  return { ...m, value: null, keyBytes: m.keyBytes === null ? null : Buffer.from(m.keyBytes) };
}
