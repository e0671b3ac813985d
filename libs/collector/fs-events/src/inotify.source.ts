import { IN_CLOEXEC, IN_DONT_FOLLOW, IN_EXCL_UNLINK, IN_MASK_ADD, IN_NONBLOCK, IN_ONLYDIR } from '@fsmon/ffi';
import { BatchSource, type BatchSourceOptions } from './batch-source';
import type { FdReaderOptions, ReaderCounters } from './fd-reader';
import { type InotifyDecodeCounters, decodeInotify } from './inotify.decoder';
import type { InotifyEvent } from './inotify.event';
import { check, closeFd, libc } from './kernel';

export interface WatchOptions {
  /** Fail with 'not-a-directory' unless the path is a directory (IN_ONLYDIR). */
  readonly onlyDir?: boolean;
  /** Watch a symlink itself (IN_DONT_FOLLOW). */
  readonly dontFollow?: boolean;
  /** No events for children after they are unlinked (IN_EXCL_UNLINK). */
  readonly excludeUnlinked?: boolean;
  /** Add `mask` to an existing watch instead of replacing it (IN_MASK_ADD). */
  readonly add?: boolean;
}

export type InotifySourceOptions = BatchSourceOptions;

export interface InotifySourceCounters extends InotifyDecodeCounters {
  batches: number;
  callbackErrors: number;
  /** Read buffers waiting on the main thread to be handed on in slices (bounded by the reader's maxInFlight). */
  queuedBuffers: number;
  /** Times a burst was handed on in more than one event-loop turn. */
  yields: number;
  /** Read buffers lost because their decoding threw (counted as decode errors in the collector's drops). */
  decodeFailures: number;
  watches: number;
  reader: ReaderCounters;
}

/**
 * An inotify instance with a reader worker. Events carry the child name and a rename cookie but no
 * pid; one watch covers one file or one directory's direct children. IN_IGNORED (watch gone) and
 * IN_Q_OVERFLOW (events lost) are delivered as events and counted.
 */
export class InotifySource extends BatchSource<InotifyEvent> {
  private readonly fd: number;
  private readonly watches = new Map<number, string>();
  private readonly decoded: InotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unknownWatches: 0 };

  private constructor(options: InotifySourceOptions) {
    super('inotify', options);
    this.fd = check(libc().inotify_init1(IN_CLOEXEC | IN_NONBLOCK), 'inotify_init1');
  }

  /** @throws FsEventsError limit-reached (EMFILE: fs.inotify.max_user_instances). */
  static open(options: InotifySourceOptions = {}): InotifySource {
    return new InotifySource(options);
  }

  /**
   * Watches `path` for the IN_* bits of `mask`; returns the watch descriptor (the same one again for
   * an already watched inode). @throws FsEventsError no-such-path, limit-reached (ENOSPC:
   * fs.inotify.max_user_watches), needs-privilege, not-a-directory.
   */
  watch(path: string, mask: number, options: WatchOptions = {}): number {
    this.assertOpen();
    const flags =
      (options.onlyDir ? IN_ONLYDIR : 0) |
      (options.dontFollow ? IN_DONT_FOLLOW : 0) |
      (options.excludeUnlinked ? IN_EXCL_UNLINK : 0) |
      (options.add ? IN_MASK_ADD : 0);
    const wd = check(libc().inotify_add_watch(this.fd, path, (mask | flags) >>> 0), 'inotify_add_watch', { path });
    this.watches.set(wd, path);
    return wd;
  }

  /** Removes a watch; its IN_IGNORED event still arrives (and then forgets the wd). */
  unwatch(wd: number): void {
    check(libc().inotify_rm_watch(this.fd, wd), 'inotify_rm_watch', { path: this.watches.get(wd) });
  }

  /** The path watched by `wd`, while the watch exists. */
  pathOf(wd: number): string | undefined {
    return this.watches.get(wd);
  }

  counters(): InotifySourceCounters {
    return { ...this.decoded, ...this.readingCounters(), watches: this.watches.size };
  }

  protected readerTarget(): Pick<FdReaderOptions, 'fd' | 'mode'> {
    return { fd: this.fd, mode: 'raw' };
  }

  protected decode(buf: Buffer, length: number): InotifyEvent[] {
    return decodeInotify(buf, length, this.watches, this.decoded);
  }

  /** Closes the inotify fd (all watches go with it). */
  protected release(): void {
    closeFd(this.fd);
  }
}
