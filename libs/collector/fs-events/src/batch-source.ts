import { BatchStream, type BatchHandler } from './batch-stream';
import { FdReader, NO_READER_COUNTERS, type FdReaderOptions, type ReaderCounters } from './fd-reader';
import { FlowSwitch } from './flow-switch';
import { FsEventsError } from './fs-events.error';
import { SliceFeeder, type SliceFeederOptions } from './slice-feeder';

export interface BatchSourceOptions {
  /** Longest a read waits before its batch is delivered (default 5 ms). */
  readonly maxDelayMs?: number;
  /** Called when reading stops for good (failed read, untrustworthy record) or the reader worker dies. */
  readonly onError?: (error: FsEventsError) => void;
  /** How a burst of read buffers is handed on without blocking the event loop (see SliceFeeder). */
  readonly slicing?: SliceFeederOptions;
}

/**
 * What fanotify and inotify sources share: a reader worker on the source's fd, batches decoded on
 * the main thread and delivered to a callback or an async iterator, pause/resume (the owner's and
 * the iterator's backpressure), and a bounded close. A subclass says which fd and how to decode.
 */
export abstract class BatchSource<E> implements AsyncIterable<E[]> {
  private readonly stream: BatchStream<E>;
  private readonly feeder: SliceFeeder<E>;
  private readonly flow = new FlowSwitch((paused) => (paused ? this.reader?.pause() : this.reader?.resume()));
  private reader: FdReader | null = null;
  private closing: Promise<void> | null = null;
  /** Buffers decoded so far. */
  protected batches = 0;

  constructor(
    /** 'fanotify' or 'inotify', for messages. */
    private readonly kind: string,
    private readonly sourceOptions: BatchSourceOptions,
  ) {
    this.stream = new BatchStream(this.flow.consumer);
    this.feeder = new SliceFeeder((slice) => this.stream.push(slice), sourceOptions.slicing);
  }

  /** The fd to read and how (events carrying fds are resolved and closed in the worker). */
  protected abstract readerTarget(): Pick<FdReaderOptions, 'fd' | 'mode'>;

  /** Decodes one read buffer (`paths`: fd mode, the worker's readlink of each record's fd). */
  protected abstract decode(buf: Buffer, length: number, paths: Array<string | null> | null): E[];

  /** Closes what the subclass opened; called once, after the reader stopped. */
  protected abstract release(): void;

  /** Starts reading; batches go to `handler`, or to the async iterator when none is given. */
  start(handler?: BatchHandler<E>): this {
    this.assertOpen();
    if (handler !== undefined) this.stream.onBatch(handler);
    this.reader ??= new FdReader({
      ...this.readerTarget(),
      maxDelayMs: this.sourceOptions.maxDelayMs,
      // Decoded when its turn comes (FID paths resolve in kernel order), handed on in slices.
      onBuffer: (buf, length, paths, release) => {
        this.batches++;
        this.feeder.add({ decode: () => this.decode(buf, length, paths), release });
      },
      onError: (detail) => this.sourceOptions.onError?.(new FsEventsError('failed', `${this.kind} reader stopped: ${detail}`)),
    });
    return this;
  }

  /** Resolves once the reader worker runs (after `start()`); events queued before are not lost either way. */
  async ready(): Promise<void> {
    await this.reader?.ready();
  }

  /** Stops reading without closing: the kernel queues (and overflows, visibly) meanwhile. */
  pause(): void {
    this.flow.owner(true);
  }

  resume(): void {
    this.flow.owner(false);
  }

  [Symbol.asyncIterator](): AsyncIterator<E[]> {
    return this.stream[Symbol.asyncIterator]();
  }

  /** Stops the reader (bounded), delivers what it read, then lets the subclass close its fds. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.reader?.stop();
      // Decoding needs the subclass's fds (FID mode opens directories by handle): drain first.
      await this.feeder.idle();
      this.release();
      this.stream.end();
    })();
    return this.closing;
  }

  /** Counters every source reports. */
  protected readingCounters(): { batches: number; callbackErrors: number; queuedBuffers: number; yields: number; decodeFailures: number; reader: ReaderCounters } {
    return {
      batches: this.batches,
      callbackErrors: this.stream.callbackErrors,
      queuedBuffers: this.feeder.depth,
      yields: this.feeder.yields,
      decodeFailures: this.feeder.decodeFailures,
      reader: this.reader?.snapshot() ?? { ...NO_READER_COUNTERS },
    };
  }

  protected assertOpen(): void {
    if (this.closing !== null) throw new FsEventsError('closed', `the ${this.kind} source is closed`);
  }
}
