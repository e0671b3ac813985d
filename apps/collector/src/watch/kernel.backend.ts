import {
  type FanotifyEvent,
  FanotifySource,
  FsEventsError,
  type InotifyEvent,
  InotifySource,
  type KernelCapabilities,
  probeCapabilities,
} from '@fsmon/fs-events';
import type { MarkMode } from './mark-mask';

export interface KernelBackendOptions {
  /** 'auto': FID reporting, fd mode when the kernel refuses it. */
  readonly report: 'auto' | 'fid' | 'fd';
  /** FAN_UNLIMITED_QUEUE (default false: 16384 events, then an overflow record). */
  readonly unlimitedQueue?: boolean;
  readonly onFanotify: (events: FanotifyEvent[]) => void;
  readonly onInotify: (events: InotifyEvent[]) => void;
  /** A reader stopped for good: monitoring is degraded (the pipeline reports it in /health). */
  readonly onError: (error: FsEventsError) => void;
}

export interface KernelBackendCounters {
  marks: number;
  markErrors: number;
  unmarkErrors: number;
  watches: number;
  watchErrors: number;
}

/** Outcome of placing a mark or watch: done, or the named kernel error (never thrown). */
export type MarkOutcome = { readonly ok: true; readonly wd?: number } | { readonly ok: false; readonly error: FsEventsError };

const failed = (e: unknown): MarkOutcome => ({
  ok: false,
  error: e instanceof FsEventsError ? e : new FsEventsError('failed', (e as Error).message),
});

/**
 * The collector's kernel side: one fanotify notification group (FID reporting, or fd mode as the
 * capability probe and kernel allow) and, opened on first use, one inotify instance (fd mode needs
 * it for entry events, FID mode for bind-mounted files). Mark and watch failures are returned as
 * values and counted.
 */
export class KernelBackend {
  private readonly fanotify: FanotifySource;
  private inotify: InotifySource | null = null;
  private started = false;
  readonly mode: MarkMode;
  readonly notes: string[] = [];
  readonly counters: KernelBackendCounters = { marks: 0, markErrors: 0, unmarkErrors: 0, watches: 0, watchErrors: 0 };

  private constructor(
    private readonly options: KernelBackendOptions,
    readonly capabilities: KernelCapabilities,
  ) {
    const report = options.report === 'auto' && !capabilities.dfidName ? 'fd' : options.report;
    this.fanotify = FanotifySource.open({ report, unlimitedMarks: true, unlimitedQueue: options.unlimitedQueue ?? false, onError: options.onError });
    this.mode = this.fanotify.report;
    if (this.fanotify.fallback !== null) this.notes.push(this.fanotify.fallback);
    this.notes.push(...capabilities.notes);
  }

  /** Probes the kernel and opens the fanotify group. @throws FsEventsError when fanotify cannot be used at all. */
  static open(options: KernelBackendOptions): KernelBackend {
    return new KernelBackend(options, probeCapabilities());
  }

  /** Adds `mask` to the mark of `path` (directories: events on children and on sub-directories too). */
  mark(path: string, mask: number, kind: 'dir' | 'file'): MarkOutcome {
    if (mask === 0) return { ok: true };
    try {
      this.fanotify.mark({ path, mask, onChild: kind === 'dir', onDir: kind === 'dir' });
      this.counters.marks += 1;
      return { ok: true };
    } catch (e) {
      this.counters.markErrors += 1;
      return failed(e);
    }
  }

  /** Removes `mask` from the mark of `path`; `all` also removes the directory flags (the mark goes). */
  unmark(path: string, mask: number, kind: 'dir' | 'file', all: boolean): MarkOutcome {
    if (mask === 0) return { ok: true };
    try {
      this.fanotify.unmark({ path, mask, onChild: all && kind === 'dir', onDir: all && kind === 'dir' });
      if (all) this.counters.marks -= 1;
      return { ok: true };
    } catch (e) {
      this.counters.unmarkErrors += 1;
      return failed(e);
    }
  }

  /** Adds an inotify watch; the outcome carries its descriptor. */
  watch(path: string, mask: number): MarkOutcome {
    try {
      const wd = this.openInotify().watch(path, mask, { dontFollow: true });
      this.counters.watches += 1;
      return { ok: true, wd };
    } catch (e) {
      this.counters.watchErrors += 1;
      return failed(e);
    }
  }

  unwatch(wd: number): void {
    try {
      this.inotify?.unwatch(wd);
      this.counters.watches -= 1;
    } catch {
      // The watch is already gone (its inode was deleted): IN_IGNORED said so.
      this.counters.watches -= 1;
    }
  }

  start(): void {
    this.started = true;
    this.fanotify.start(this.options.onFanotify);
    this.inotify?.start(this.options.onInotify);
  }

  fanotifyCounters() {
    return this.fanotify.counters();
  }

  inotifyCounters() {
    return this.inotify?.counters() ?? null;
  }

  pause(): void {
    this.fanotify.pause();
  }

  resume(): void {
    this.fanotify.resume();
  }

  /** Stops the readers (bounded), removes every mark, closes every fd. */
  async close(): Promise<void> {
    await Promise.all([this.fanotify.close(), this.inotify?.close()]);
  }

  private openInotify(): InotifySource {
    if (this.inotify === null) {
      this.inotify = InotifySource.open({ onError: this.options.onError });
      if (this.started) this.inotify.start(this.options.onInotify);
    }
    return this.inotify;
  }
}
