import { DirHandleCache, type DirCacheOptions } from './dir-handle.cache';
import { type FanotifyDecodeCounters, decodeFanotify } from './fanotify.decoder';
import type { FanotifyEvent } from './fanotify.event';
import { FanotifyGroup, type ReportMode } from './fanotify-group';
import { BatchStream, type BatchHandler } from './batch-stream';
import { FdReader, type ReaderCounters } from './fd-reader';
import { FlowSwitch } from './flow-switch';
import { FsEventsError } from './fs-events.error';
import { closeFd } from './kernel';
import type { MarkSpec, MarkTarget } from './mark-spec';

export interface FanotifySourceOptions {
  /** 'auto' (default): FID reporting (FAN_REPORT_DFID_NAME), fd mode if the kernel refuses it. */
  readonly report?: ReportMode | 'auto';
  /** No kernel queue limit, hence no overflow (default false: 16384 events, then FAN_Q_OVERFLOW). */
  readonly unlimitedQueue?: boolean;
  readonly unlimitedMarks?: boolean;
  /** FID mode: directory path cache. */
  readonly dirCache?: DirCacheOptions;
  /** Longest a read waits before its batch is delivered (default 5 ms). */
  readonly maxDelayMs?: number;
  /** Called when reading fails for good (errno) or the reader worker dies. */
  readonly onError?: (error: FsEventsError) => void;
}

/** What a source has seen so far. `events` includes overflow records. */
export interface FanotifySourceCounters extends FanotifyDecodeCounters {
  batches: number;
  callbackErrors: number;
  dirCacheMisses: number;
  reader: ReaderCounters;
}

/**
 * A fanotify notification group (FAN_CLASS_NOTIF) with a reader worker. Open it, add marks, then
 * `start()` with a callback or iterate it; events arrive in batches, decoded on the main thread.
 * `close()` stops the reader, removes the marks and closes every fd the source opened.
 */
export class FanotifySource implements AsyncIterable<FanotifyEvent[]> {
  private readonly group: FanotifyGroup;
  private readonly dirs: DirHandleCache | null;
  private readonly stream: BatchStream<FanotifyEvent>;
  private readonly flow = new FlowSwitch((paused) => (paused ? this.reader?.pause() : this.reader?.resume()));
  private readonly decoded: FanotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unresolvedPaths: 0, strayFds: 0 };
  private reader: FdReader | null = null;
  private batches = 0;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: FanotifySourceOptions) {
    this.group = FanotifyGroup.open({ class: 'notif', report: options.report ?? 'auto', unlimitedQueue: options.unlimitedQueue, unlimitedMarks: options.unlimitedMarks });
    this.dirs = this.group.report === 'fid' ? new DirHandleCache((fsid) => this.group.mountFd(fsid), options.dirCache) : null;
    this.stream = new BatchStream(this.flow.consumer);
  }

  /** Opens the group (no reading yet). @throws FsEventsError (see FanotifyGroup.open). */
  static open(options: FanotifySourceOptions = {}): FanotifySource {
    return new FanotifySource(options);
  }

  /** The reporting mode in effect. */
  get report(): ReportMode {
    return this.group.report;
  }

  /** Why 'auto' fell back to fd mode, or null. */
  get fallback(): string | null {
    return this.group.fallback;
  }

  mark(spec: MarkSpec): this {
    this.group.mark(spec);
    return this;
  }

  unmark(spec: MarkSpec): this {
    this.group.unmark(spec);
    return this;
  }

  flush(target: MarkTarget | 'all' = 'all'): this {
    this.group.flush(target);
    return this;
  }

  /** Starts reading; batches go to `handler`, or to the async iterator when none is given. */
  start(handler?: BatchHandler<FanotifyEvent>): this {
    if (this.group.isClosed) throw new FsEventsError('closed', 'the fanotify source is closed');
    if (handler !== undefined) this.stream.onBatch(handler);
    this.reader ??= new FdReader({
      fd: this.group.fd,
      mode: this.group.report === 'fid' ? 'raw' : 'fanotify-fd',
      maxDelayMs: this.options.maxDelayMs,
      onBuffer: (buf, length, paths) => this.onBuffer(buf, length, paths),
      onError: (errnoValue) => this.options.onError?.(new FsEventsError('failed', `fanotify reader stopped (errno ${errnoValue})`)),
    });
    return this;
  }

  /** Stops reading without closing: the kernel queues (and overflows, visibly) meanwhile. */
  /** Resolves once the reader worker runs (after `start()`); events queued before are not lost either way. */
  async ready(): Promise<void> {
    await this.reader?.ready();
  }

  pause(): void {
    this.flow.owner(true);
  }

  resume(): void {
    this.flow.owner(false);
  }

  [Symbol.asyncIterator](): AsyncIterator<FanotifyEvent[]> {
    return this.stream[Symbol.asyncIterator]();
  }

  counters(): FanotifySourceCounters {
    return {
      ...this.decoded,
      batches: this.batches,
      callbackErrors: this.stream.callbackErrors,
      dirCacheMisses: this.dirs?.misses ?? 0,
      reader: this.reader?.snapshot() ?? { reads: 0, bytes: 0, batches: 0, fdsClosed: 0, unresolvedFds: 0, decodeErrors: 0, readErrors: 0 },
    };
  }

  /** Stops the reader (bounded), delivers what it read, removes the marks, closes all fds. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.reader?.stop();
      this.group.close();
      this.stream.end();
    })();
    return this.closing;
  }

  private onBuffer(buf: Buffer, length: number, paths: Array<string | null> | null): void {
    this.batches++;
    this.dirs?.setTime(Date.now());
    this.stream.push(decodeFanotify(buf, length, paths, { dirs: this.dirs, counters: this.decoded, closeFd }));
  }
}
