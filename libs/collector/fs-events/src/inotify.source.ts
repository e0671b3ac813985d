import { IN_CLOEXEC, IN_DONT_FOLLOW, IN_EXCL_UNLINK, IN_MASK_ADD, IN_NONBLOCK, IN_ONLYDIR } from '@fsmon/ffi';
import { BatchStream, type BatchHandler } from './batch-stream';
import { FdReader, type ReaderCounters } from './fd-reader';
import { FlowSwitch } from './flow-switch';
import { FsEventsError } from './fs-events.error';
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

export interface InotifySourceOptions {
  readonly maxDelayMs?: number;
  readonly onError?: (error: FsEventsError) => void;
}

export interface InotifySourceCounters extends InotifyDecodeCounters {
  batches: number;
  callbackErrors: number;
  watches: number;
  reader: ReaderCounters;
}

/**
 * An inotify instance with a reader worker. Events carry the child name and a rename cookie but no
 * pid; one watch covers one file or one directory's direct children. IN_IGNORED (watch gone) and
 * IN_Q_OVERFLOW (events lost) are delivered as events and counted.
 */
export class InotifySource implements AsyncIterable<InotifyEvent[]> {
  private readonly fd: number;
  private readonly watches = new Map<number, string>();
  private readonly stream: BatchStream<InotifyEvent>;
  private readonly flow = new FlowSwitch((paused) => (paused ? this.reader?.pause() : this.reader?.resume()));
  private readonly decoded: InotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unknownWatches: 0 };
  private reader: FdReader | null = null;
  private batches = 0;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: InotifySourceOptions) {
    this.fd = check(libc().inotify_init1(IN_CLOEXEC | IN_NONBLOCK), 'inotify_init1');
    this.stream = new BatchStream(this.flow.consumer);
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
    if (this.closing) throw new FsEventsError('closed', 'the inotify source is closed');
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

  start(handler?: BatchHandler<InotifyEvent>): this {
    if (this.closing) throw new FsEventsError('closed', 'the inotify source is closed');
    if (handler !== undefined) this.stream.onBatch(handler);
    this.reader ??= new FdReader({
      fd: this.fd,
      mode: 'raw',
      maxDelayMs: this.options.maxDelayMs,
      onBuffer: (buf, length) => {
        this.batches++;
        this.stream.push(decodeInotify(buf, length, this.watches, this.decoded));
      },
      onError: (errnoValue) => this.options.onError?.(new FsEventsError('failed', `inotify reader stopped (errno ${errnoValue})`)),
    });
    return this;
  }

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

  [Symbol.asyncIterator](): AsyncIterator<InotifyEvent[]> {
    return this.stream[Symbol.asyncIterator]();
  }

  counters(): InotifySourceCounters {
    return {
      ...this.decoded,
      batches: this.batches,
      callbackErrors: this.stream.callbackErrors,
      watches: this.watches.size,
      reader: this.reader?.snapshot() ?? { reads: 0, bytes: 0, batches: 0, fdsClosed: 0, unresolvedFds: 0, decodeErrors: 0, readErrors: 0 },
    };
  }

  /** Stops the reader (bounded), delivers what it read, closes the inotify fd (all watches go). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.reader?.stop();
      closeFd(this.fd);
      this.stream.end();
    })();
    return this.closing;
  }
}
