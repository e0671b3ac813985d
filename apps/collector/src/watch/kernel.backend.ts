import {
  type FanotifyEvent,
  FanotifySource,
  type FanotifySourceCounters,
  FsEventsError,
  type InotifyEvent,
  InotifySource,
  type InotifySourceCounters,
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
  /** A reader stopped (a failed read, an untrustworthy record, its worker died): see ReaderRecovery. */
  readonly onError: (source: ReaderSource, error: FsEventsError) => void;
}

/** The kernel sources whose readers can stop and be reopened. */
export type ReaderSource = 'fanotify' | 'inotify';

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
  private fanotify: FanotifySource;
  private inotify: InotifySource | null = null;
  private started = false;
  /** After close(): the group's close removed every mark, so releases touch the kernel no more. */
  private closed = false;
  /** Sources replaced by `reopen`, closing; close() waits for them too. */
  private readonly retiring = new Set<Promise<void>>();
  /** Counters of replaced sources, so the totals never go back after a reopen. */
  private retiredFanotify: FanotifySourceCounters | null = null;
  private retiredInotify: InotifySourceCounters | null = null;
  readonly mode: MarkMode;
  readonly notes: string[] = [];
  readonly counters: KernelBackendCounters = { marks: 0, markErrors: 0, unmarkErrors: 0, watches: 0, watchErrors: 0 };

  private constructor(
    private readonly options: KernelBackendOptions,
    readonly capabilities: KernelCapabilities,
  ) {
    const report = options.report === 'auto' && !capabilities.dfidName ? 'fd' : options.report;
    this.fanotify = this.openFanotify(report);
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
    if (this.closed) return { ok: false, error: new FsEventsError('closed', 'the kernel backend is closed') };
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
    if (this.closed) {
      if (all) this.counters.marks -= 1;
      return { ok: true };
    }
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
    if (this.closed) return { ok: false, error: new FsEventsError('closed', 'the kernel backend is closed') };
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
      if (!this.closed) this.inotify?.unwatch(wd);
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

  /** Counters of the fanotify group, summed over the groups a reopen replaced. */
  fanotifyCounters(): FanotifySourceCounters {
    return sumCounters(this.fanotify.counters(), this.retiredFanotify);
  }

  inotifyCounters(): InotifySourceCounters | null {
    if (this.inotify === null) return this.retiredInotify;
    return sumCounters(this.inotify.counters(), this.retiredInotify);
  }

  /**
   * Replaces a source whose reader stopped with a new one (same reporting mode), started if the
   * backend is; the caller then places the marks or watches again (MarkTable.replaceAll): a new
   * group has none. The old source is closed in the background. @throws FsEventsError when the new
   * group cannot be opened (EMFILE, ENOMEM...): the old one stays in place, and a retry may work.
   */
  reopen(source: ReaderSource): void {
    if (source === 'fanotify') {
      const next = this.openFanotify(this.mode);
      const old = this.fanotify;
      this.retiredFanotify = sumCounters(old.counters(), this.retiredFanotify);
      this.fanotify = next;
      if (this.started) next.start(this.options.onFanotify);
      this.retire(old.close());
      return;
    }
    const old = this.inotify;
    const next = InotifySource.open({ onError: (e) => this.options.onError('inotify', e) });
    if (old !== null) this.retiredInotify = sumCounters(old.counters(), this.retiredInotify);
    this.inotify = next;
    if (this.started) next.start(this.options.onInotify);
    if (old !== null) this.retire(old.close());
  }

  pause(): void {
    this.fanotify.pause();
  }

  resume(): void {
    this.fanotify.resume();
  }

  /**
   * Stops the readers (bounded; each hands over what the kernel had queued first), removes every
   * mark, closes every fd. Marks released afterwards are only counted.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.fanotify.close(), this.inotify?.close(), ...this.retiring]);
  }

  private openFanotify(report: 'auto' | 'fid' | 'fd'): FanotifySource {
    return FanotifySource.open({ report, unlimitedMarks: true, unlimitedQueue: this.options.unlimitedQueue ?? false, onError: (e) => this.options.onError('fanotify', e) });
  }

  private retire(closing: Promise<void>): void {
    const done = closing.catch(() => undefined).finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }

  private openInotify(): InotifySource {
    if (this.inotify === null) {
      this.inotify = InotifySource.open({ onError: (e) => this.options.onError('inotify', e) });
      if (this.started) this.inotify.start(this.options.onInotify);
    }
    return this.inotify;
  }
}

/** Adds the numbers of `retired` into a copy of `current`, nested records included. */
function sumCounters<T extends object>(current: T, retired: T | null): T {
  if (retired === null) return current;
  const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(retired as Record<string, unknown>)) {
    const now = out[key];
    if (typeof value === 'number' && typeof now === 'number') out[key] = now + value;
    else if (value !== null && typeof value === 'object' && now !== null && typeof now === 'object') out[key] = sumCounters(now, value as object);
  }
  return out as T;
}
