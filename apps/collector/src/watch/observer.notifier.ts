import type { WatchObserver, WatchTarget } from '../core/collector.ports';
import type { WorkloadWatch } from './workload.watch';

const BATCH_MS = 50;

/**
 * Keeps the watch observer (the protect module) told about each workload's watch set: at once
 * after a start or re-plan, batched after sub-tree changes (a `rm -rf` or an untar is a burst).
 */
export class ObserverNotifier {
  private readonly changed = new Set<WorkloadWatch>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly observer: WatchObserver | null) {}

  notificationOpens(workloadKey: string): boolean {
    return this.observer?.notificationOpens(workloadKey) ?? true;
  }

  changedNow(watch: WorkloadWatch): void {
    if (this.observer === null || watch.closed) return;
    this.changed.delete(watch);
    this.observer.upsert(targetOf(watch));
  }

  changedLater(watch: WorkloadWatch): void {
    if (this.observer === null || watch.closed) return;
    this.changed.add(watch);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
    this.timer.unref();
  }

  removed(watch: WorkloadWatch): void {
    this.changed.delete(watch);
    this.observer?.remove(watch.workload.key);
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.changed.clear();
  }

  private flush(): void {
    this.timer = null;
    for (const w of this.changed) if (!w.closed) this.observer?.upsert(targetOf(w));
    this.changed.clear();
  }
}

/** A workload's watch set as the observer sees it: directories filters watch, own-marked files. */
export function targetOf(watch: WorkloadWatch): WatchTarget {
  const dirs = [...watch.dirs.values()].filter((d) => d.kind === 'watch').map((d) => ({ path: d.path, views: d.views, inode: d.inode }));
  const { capBlock, permissionCapable } = watch.blocking;
  return { workload: watch.workload, capBlock, permissionCapable, dirs, files: [...watch.files.values()].map((f) => ({ path: f.path, inode: f.inode })) };
}
