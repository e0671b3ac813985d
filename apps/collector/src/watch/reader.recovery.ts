import { FsEventsError } from '@fsmon/fs-events';
import type { ReaderSource } from './kernel.backend';

export interface ReaderRecoveryOptions {
  /** Reopen attempts after one reader stopped, before giving up (default 6). */
  readonly maxAttempts?: number;
  /** Wait before the first attempt; doubled after each failure (default 200 ms). */
  readonly initialDelayMs?: number;
  /** Longest wait between attempts (default 10 s). */
  readonly maxDelayMs?: number;
}

/** What recovery does with the kernel side, the marks, the gap events and the health list. */
export interface ReaderRecoveryDeps {
  /** KernelBackend.reopen. @throws when the new group cannot be opened. */
  readonly reopen: (source: ReaderSource) => void;
  /** MarkTable.replaceAll: the new group has no marks yet. */
  readonly replaceMarks: (source: ReaderSource) => { placed: number; failed: number };
  /** Publishes the gap at once: events are being lost. */
  readonly gap: (scope: string) => void;
  /** Rescans after the reopen (or once given up): what changed while nothing was read is found by its content. */
  readonly rescan: () => void;
  /** The degraded state /health reports: errors are added while a source is down and removed once it is back. */
  readonly errors: FsEventsError[];
  readonly logger: { log(message: string): void; warn(message: string): void; error(message: string): void };
}

export interface ReaderRecoveryCounters {
  /** Readers that stopped (a read error other than EAGAIN/EINTR, a bad record, the worker died), by source. */
  stopped: Record<ReaderSource, number>;
  /** Reopens that worked, by source. */
  reopened: Record<ReaderSource, number>;
  /** Reopen attempts that failed (the next one waits longer). */
  failedAttempts: number;
  /** Sources given up after maxAttempts (monitoring stays degraded; /health says so). */
  givenUp: number;
  /** Marks or watches that could not be placed again after a reopen. */
  marksLost: number;
}

/**
 * A kernel reader that stops is never left silent (the seed's loop died for good, fsmon-behaviour
 * §8): a gap event with reason `read-error` is published at once, the source is reopened with
 * bounded retries and exponential backoff, its marks placed again, and then the watched files are
 * rescanned (what changed while nothing was read is reported with source `rescan`; rescanning
 * before the reopen would miss what changes until then). /health is down while a
 * source is down, and stays down if it is given up.
 */
export class ReaderRecovery {
  readonly counters: ReaderRecoveryCounters = { stopped: { fanotify: 0, inotify: 0 }, reopened: { fanotify: 0, inotify: 0 }, failedAttempts: 0, givenUp: 0, marksLost: 0 };
  private readonly timers = new Map<ReaderSource, NodeJS.Timeout>();
  private disposed = false;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly deps: ReaderRecoveryDeps,
    options: ReaderRecoveryOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.initialDelayMs = options.initialDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
  }

  /** A reader stopped (KernelBackend's onError). A second report while its reopen is pending is only counted. */
  stopped(source: ReaderSource, error: FsEventsError): void {
    this.counters.stopped[source] += 1;
    if (this.disposed) return;
    if (this.timers.has(source)) return;
    this.deps.errors.push(error);
    this.deps.logger.error(`${error.message}: events are being lost; reopening the ${source} source`);
    this.deps.gap(`every watched path of every workload: the ${source} reader stopped (${error.message})`);
    this.schedule(source, error, 1);
  }

  /** Whether a reopen is pending (tests, health details). */
  recovering(source: ReaderSource): boolean {
    return this.timers.has(source);
  }

  /** Shutdown: pending reopens are dropped. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(source: ReaderSource, error: FsEventsError, attempt: number): void {
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempt - 1));
    const timer = setTimeout(() => this.attempt(source, error, attempt), delay);
    timer.unref();
    this.timers.set(source, timer);
  }

  private attempt(source: ReaderSource, error: FsEventsError, attempt: number): void {
    this.timers.delete(source);
    if (this.disposed) return;
    try {
      this.deps.reopen(source);
    } catch (e) {
      this.counters.failedAttempts += 1;
      const why = e instanceof FsEventsError ? e.message : String(e);
      if (attempt >= this.maxAttempts) {
        this.counters.givenUp += 1;
        this.deps.logger.error(`the ${source} source could not be reopened after ${attempt} attempts (${why}): monitoring stays degraded`);
        // What changed until now is still reported once.
        this.deps.rescan();
        return;
      }
      this.deps.logger.warn(`reopening the ${source} source failed (attempt ${attempt} of ${this.maxAttempts}): ${why}`);
      this.schedule(source, error, attempt + 1);
      return;
    }
    const { placed, failed } = this.deps.replaceMarks(source);
    this.counters.marksLost += failed;
    this.counters.reopened[source] += 1;
    const at = this.deps.errors.indexOf(error);
    if (at >= 0) this.deps.errors.splice(at, 1);
    this.deps.logger.log(`the ${source} source is reading again (attempt ${attempt}): ${placed} marks placed again${failed > 0 ? `, ${failed} could not be` : ''}; rescanning`);
    this.deps.rescan();
  }
}
