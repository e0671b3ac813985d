import { BatchSource, type BatchSourceOptions } from './batch-source';
import { DirHandleCache, type DirCacheOptions } from './dir-handle.cache';
import { type FanotifyDecodeCounters, decodeFanotify } from './fanotify.decoder';
import type { FanotifyEvent } from './fanotify.event';
import { FanotifyGroup, type ReportMode } from './fanotify-group';
import type { FdReaderOptions, ReaderCounters } from './fd-reader';
import { withGroupMarks } from './group-marks';
import { closeFd } from './kernel';

export interface FanotifySourceOptions extends BatchSourceOptions {
  /** 'auto' (default): FID reporting (FAN_REPORT_DFID_NAME), fd mode if the kernel refuses it. */
  readonly report?: ReportMode | 'auto';
  /** No kernel queue limit, hence no overflow (default false: 16384 events, then FAN_Q_OVERFLOW). */
  readonly unlimitedQueue?: boolean;
  readonly unlimitedMarks?: boolean;
  /** FID mode: directory path cache. */
  readonly dirCache?: DirCacheOptions;
}

/** What a source has seen so far. `events` includes overflow records. */
export interface FanotifySourceCounters extends FanotifyDecodeCounters {
  batches: number;
  callbackErrors: number;
  /** Read buffers waiting on the main thread to be handed on in slices (bounded by the reader's maxInFlight). */
  queuedBuffers: number;
  /** Times a burst was handed on in more than one event-loop turn. */
  yields: number;
  /** Read buffers lost because their decoding threw (counted as decode errors in the collector's drops). */
  decodeFailures: number;
  dirCacheMisses: number;
  reader: ReaderCounters;
}

/**
 * A fanotify notification group (FAN_CLASS_NOTIF) with a reader worker. Open it, add marks, then
 * `start()` with a callback or iterate it; events arrive in batches, decoded on the main thread.
 * `close()` stops the reader, removes the marks and closes every fd the source opened.
 */
export class FanotifySource extends withGroupMarks(BatchSource<FanotifyEvent>) {
  protected readonly group: FanotifyGroup;
  private readonly dirs: DirHandleCache | null;
  private readonly decoded: FanotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unresolvedPaths: 0, strayFds: 0 };

  private constructor(options: FanotifySourceOptions) {
    super('fanotify', options);
    this.group = FanotifyGroup.open({ class: 'notif', report: options.report ?? 'auto', unlimitedQueue: options.unlimitedQueue, unlimitedMarks: options.unlimitedMarks });
    this.dirs = this.group.report === 'fid' ? new DirHandleCache((fsid) => this.group.mountFd(fsid), options.dirCache) : null;
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

  counters(): FanotifySourceCounters {
    return { ...this.decoded, ...this.readingCounters(), dirCacheMisses: this.dirs?.misses ?? 0 };
  }

  protected readerTarget(): Pick<FdReaderOptions, 'fd' | 'mode'> {
    return { fd: this.group.fd, mode: this.group.report === 'fid' ? 'raw' : 'fanotify-fd' };
  }

  protected decode(buf: Buffer, length: number, paths: Array<string | null> | null): FanotifyEvent[] {
    this.dirs?.setTime(Date.now());
    return decodeFanotify(buf, length, paths, { dirs: this.dirs, counters: this.decoded, closeFd });
  }

  /** Removes the marks, closes the mount fds and the group fd. */
  protected release(): void {
    this.group.close();
  }
}
