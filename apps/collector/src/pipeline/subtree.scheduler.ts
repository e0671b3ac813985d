import { type EventSource, IN_CREATE } from '@fsmon/collector-domain';
import type { WatchManager } from '../watch/watch.manager';
import { type EntryMatch, matchEntry } from './entry.matcher';
import type { PassCounters } from './pass.counters';
import type { PendingCoalescer } from './pending.types';

/**
 * Walks and watches directories as they appear (created or moved in where a filter reaches), at
 * once rather than at the next pass, so their events keep process info. Files already inside when
 * the walk reaches them appeared after the watch began: each becomes a Create event (source
 * `rescan`). One walk per directory at a time.
 */
export class SubtreeScheduler {
  private readonly inflight = new Map<string, Promise<void>>();
  errors = 0;

  constructor(
    private readonly manager: WatchManager,
    private readonly coalescer: PendingCoalescer,
    private readonly counters: PassCounters,
  ) {}

  schedule(match: EntryMatch, source: EventSource): void {
    const { watch, path } = match;
    const key = `${watch.workload.rootPid}\u0000${path}`;
    if (this.inflight.has(key) || match.views.length === 0) return;
    this.counters.subtrees += 1;
    const walk = this.manager
      .watchSubtree(watch, path, match.views)
      .then((found) => {
        const now = Date.now();
        for (const f of found) {
          const entry = matchEntry({ watch, dir: f.dir, file: null }, f.name, false, IN_CREATE);
          if (entry.context === null) continue;
          this.coalescer.add({ rootPid: watch.workload.rootPid, path: entry.path, mask: IN_CREATE, context: entry.context, source: source === 'fanotify' ? 'rescan' : source, at: now, decision: 'none' });
        }
      })
      .catch(() => {
        this.errors += 1;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, walk);
  }

  /** Resolves when every scheduled walk has finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight.values()]);
  }
}
