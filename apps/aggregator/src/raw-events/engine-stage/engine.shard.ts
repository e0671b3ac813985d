import { Worker } from 'node:worker_threads';
import type { AggregatorConfig } from '@fsmon/aggregator-domain';
import type { RawConsumedMessage } from '@fsmon/kafka';
import { ENGINE_WORKER_BOOTSTRAP, engineWorkerEntry } from './engine-worker.bootstrap';
import type { EngineCommand, EngineReply } from './engine.protocol';

export interface EngineShardEvents {
  /** Every reply, in command order, before the command's own promise settles. */
  onReply(reply: EngineReply, message: RawConsumedMessage | undefined): void;
  /** The worker ended unasked: its windows and every command still queued to it are gone. */
  onCrash(error: Error): void;
}

interface Sent {
  message?: RawConsumedMessage;
  bytes: number;
  resolve?: (reply: EngineReply) => void;
  reject?: (error: Error) => void;
}

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
  private closing = false;

  constructor(
    readonly index: number,
    config: AggregatorConfig,
    private readonly events: EngineShardEvents,
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

  /** Commands sent and not yet replied to. */
  get queued(): number {
    return this.sent.length;
  }

  /** Sends a raw-events message (a copy of its value, moved to the worker) to be decoded and aggregated. */
  post(message: RawConsumedMessage): void {
    const value = message.value === null ? null : new Uint8Array(message.value);
    const bytes = value?.byteLength ?? 0;
    this.sent.push({ message, bytes });
    this.queuedBytes += bytes;
    const cmd: EngineCommand = { op: 'batch', partition: message.partition, offset: message.offset, value };
    this.worker.postMessage(cmd, value === null ? [] : [value.buffer]);
  }

  /** Sends a command; resolves with its reply (after the replies of everything sent before it). */
  request(cmd: Exclude<EngineCommand, { op: 'batch' }>): Promise<EngineReply> {
    return new Promise((resolve, reject) => {
      this.sent.push({ bytes: 0, resolve, reject });
      this.worker.postMessage(cmd);
    });
  }

  /** Ends the worker (what it holds is dropped: flush first). */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
    await this.exited;
  }

  private onMessage(reply: EngineReply): void {
    const sent = this.sent.shift();
    if (sent === undefined) return;
    this.queuedBytes -= sent.bytes;
    this.replies++;
    this.events.onReply(reply, sent.message);
    sent.resolve?.(reply);
  }

  private onExit(error: Error): void {
    const lost = this.sent.splice(0);
    this.queuedBytes = 0;
    const why = this.closing ? new Error(`engine worker ${this.index} closed`) : error;
    for (const s of lost) s.reject?.(why);
    if (!this.closing) this.events.onCrash(error);
  }
}
