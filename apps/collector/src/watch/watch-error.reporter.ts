import type { FsEventsError } from '@fsmon/fs-events';

/** A directory (or file) whose inotify watch failed, as the reporter is told it. */
export interface FailedWatch {
  /** Container path. */
  readonly path: string;
  /** The workload's container id (null: the host), for the gap event's key. */
  readonly containerId: string | null;
  /** For the scope: `the host`, or the container's id. */
  readonly workload: string;
}

export interface WatchErrorDeps {
  /** Publishes a gap event (no rescan: a rescan cannot see entry events of a directory without its watch). */
  readonly gap: (scope: string, lost: number, containerId: string | null) => void;
  readonly logger: { warn(message: string): void };
  /** Gap events and log lines are gathered over this long (default 1000 ms). */
  readonly windowMs?: number;
}

const NAMED = 16;

/**
 * Failed inotify watches (ENOSPC at fs.inotify.max_user_watches, ENOMEM...) are counted by error
 * code, logged (at most one line per window, with how many were left out) and published as a gap
 * event per workload and window naming the directories (the first NAMED, then how many more): in
 * those directories files created, deleted or moved may go unseen.
 */
export class WatchErrorReporter {
  /** Failed watches by error code (`no-space`...), and log lines left out by the rate limit. */
  readonly counters: { byCode: Record<string, number>; suppressedLogs: number } = { byCode: {}, suppressedLogs: 0 };
  private readonly pending = new Map<string | null, { workload: string; paths: string[]; count: number; codes: Set<string> }>();
  private timer: NodeJS.Timeout | null = null;
  private loggedInWindow = false;

  constructor(private readonly deps: WatchErrorDeps) {}

  failed(watch: FailedWatch, error: FsEventsError): void {
    this.counters.byCode[error.code] = (this.counters.byCode[error.code] ?? 0) + 1;
    if (this.loggedInWindow) this.counters.suppressedLogs += 1;
    else {
      this.loggedInWindow = true;
      this.deps.logger.warn(`inotify watch of ${watch.path} in ${watch.workload} failed: ${error.message}${error.limit ? ` (raise ${error.limit})` : ''}; further failures this second are counted, not logged`);
    }
    let entry = this.pending.get(watch.containerId);
    if (entry === undefined) {
      entry = { workload: watch.workload, paths: [], count: 0, codes: new Set() };
      this.pending.set(watch.containerId, entry);
    }
    entry.count += 1;
    entry.codes.add(error.errno ?? error.code);
    if (entry.paths.length < NAMED) entry.paths.push(watch.path);
    this.timer ??= setTimeout(() => this.flush(), this.deps.windowMs ?? 1000);
    this.timer.unref();
  }

  /** Publishes what was gathered (also at shutdown). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.loggedInWindow = false;
    for (const [containerId, e] of this.pending) {
      const more = e.count > e.paths.length ? ` and ${e.count - e.paths.length} more` : '';
      const scope = `entries created, deleted or moved in ${e.paths.join(', ')}${more} of ${e.workload}: their inotify watch failed (${[...e.codes].join(', ')})`;
      this.deps.gap(scope.slice(0, 4096), e.count, containerId);
    }
    this.pending.clear();
  }
}
