import fs from 'node:fs';
import type { FsEventsError } from '@fsmon/fs-events';
import { dirMarkMask, fileMarkMask, INOTIFY_DIR_MASK, INOTIFY_FILE_MASK, INOTIFY_STRUCTURE_MASK, type MarkMode, structureMarkMask } from './mark-mask';
import type { MarkTable } from './mark.table';
import type { WatchedDir, WatchedFile, WatchPlan } from './watch-state';
import type { MarkOwner, OwnerHolder, WorkloadWatch } from './workload.watch';

export interface ApplyCounters {
  /** Failed marks by error code (`no-such-path` when a directory vanished meanwhile). */
  markErrors: Record<string, number>;
}

/**
 * Applies a planned watch set to a workload through the shared mark table. A full plan replaces
 * the workload's set (directories no longer planned are released; baselines of paths still covered
 * are kept); a partial plan (a new sub-tree) only adds. A directory whose mark fails is left out,
 * counted by error code.
 */
export class PlanApplier {
  constructor(
    private readonly marks: MarkTable<MarkOwner>,
    private readonly mode: MarkMode,
    private readonly counters: ApplyCounters,
  ) {}

  /** Returns the directories and files whose children need a baseline. */
  apply(watch: WorkloadWatch, plan: WatchPlan, replace: boolean): { dirs: WatchedDir[]; files: WatchedFile[] } {
    const fresh: WatchedDir[] = [];
    for (const planned of plan.dirs.values()) {
      const current = watch.dirs.get(planned.path);
      if (current !== undefined && current.inode === planned.inode) {
        this.merge(current, planned, replace);
        this.rehold(watch, current);
        continue;
      }
      if (current !== undefined) this.releaseDir(watch, current);
      if (this.holdDir(watch, planned)) fresh.push(planned);
    }
    if (replace) for (const dir of [...watch.dirs.values()]) if (!plan.dirs.has(dir.path)) this.releaseDir(watch, dir);
    const files: WatchedFile[] = [];
    for (const planned of plan.files.values()) {
      if (watch.files.has(planned.path)) continue;
      const parent = planned.parent === null ? null : (watch.dirs.get(planned.parent.path) ?? null);
      const baseline = parent?.children.get(planned.path.slice(planned.path.lastIndexOf('/') + 1)) ?? planned.baseline;
      const file: WatchedFile = { ...planned, parent, baseline, inode: inodeOf(watch.hostPath(planned.path)) };
      if (file.inode !== '' && this.holdFile(watch, file)) files.push(file);
    }
    if (replace) for (const file of [...watch.files.values()]) if (!plan.files.has(file.path)) this.releaseFile(watch, file);
    return { dirs: fresh, files };
  }

  /** Releases everything the workload holds. */
  releaseAll(watch: WorkloadWatch): void {
    for (const dir of [...watch.dirs.values()]) this.releaseDir(watch, dir);
    for (const file of [...watch.files.values()]) this.releaseFile(watch, file);
  }

  releaseDir(watch: WorkloadWatch, dir: WatchedDir): void {
    const holder = watch.holders.get(dir);
    if (holder !== undefined) this.marks.release(dir.inode, holder);
    watch.holders.delete(dir);
    watch.dirs.delete(dir.path);
  }

  releaseFile(watch: WorkloadWatch, file: WatchedFile): void {
    const holder = watch.holders.get(file);
    if (holder !== undefined) this.marks.release(file.inode, holder);
    watch.holders.delete(file);
    watch.files.delete(file.path);
  }

  private merge(current: WatchedDir, planned: WatchedDir, replace: boolean): void {
    if (replace) {
      current.kind = planned.kind;
      current.views.splice(0, current.views.length, ...planned.views);
      current.filters.splice(0, current.filters.length, ...planned.filters);
      current.recursive = planned.recursive;
      for (const name of [...current.children.keys()]) if (!planned.children.has(name)) current.children.delete(name);
    } else {
      if (planned.kind === 'watch') current.kind = 'watch';
      for (const v of planned.views) if (!current.views.includes(v)) current.views.push(v);
      for (const f of planned.filters) if (!current.filters.includes(f)) current.filters.push(f);
      current.recursive ||= planned.recursive;
    }
    current.uncovered.clear();
    for (const [name, child] of planned.children) {
      const known = current.children.get(name);
      if (known === undefined) current.children.set(name, child);
      else known.filter = child.filter;
    }
  }

  /** Re-places every mark of the workload with its current masks (after `watch.opens` changed). */
  refreshMasks(watch: WorkloadWatch): void {
    for (const dir of watch.dirs.values()) this.rehold(watch, dir);
    for (const file of watch.files.values()) {
      const old = watch.holders.get(file);
      const mask = fileMarkMask(this.mode, file.baseline.filter, watch.opens);
      if (old === undefined || old.mask === mask) continue;
      const holder = this.holder(watch, file.path, { watch, dir: null, file }, 'file', mask, INOTIFY_FILE_MASK);
      if (!this.hold(file.inode, holder)) continue;
      this.marks.release(file.inode, old);
      watch.holders.set(file, holder);
      file.mask = mask;
    }
  }

  private masks(watch: WorkloadWatch, dir: WatchedDir): { mask: number; inMask: number } {
    const watching = dir.kind === 'watch';
    const mask = watching ? dirMarkMask(this.mode, dir.filters, watch.opens) : structureMarkMask(this.mode);
    const inMask = this.mode === 'fd' ? (watching ? INOTIFY_DIR_MASK : INOTIFY_STRUCTURE_MASK) : 0;
    return { mask, inMask };
  }

  private rehold(watch: WorkloadWatch, dir: WatchedDir): void {
    const { mask, inMask } = this.masks(watch, dir);
    const old = watch.holders.get(dir);
    if (old !== undefined && old.mask === mask && old.inMask === inMask) return;
    const holder = this.holder(watch, dir.path, { watch, dir, file: null }, 'dir', mask, inMask);
    // Hold the new mask first, then release the old: bits both need are never removed meanwhile.
    if (!this.hold(dir.inode, holder)) return;
    if (old !== undefined) this.marks.release(dir.inode, old);
    watch.holders.set(dir, holder);
    dir.mask = mask;
  }

  private holdDir(watch: WorkloadWatch, dir: WatchedDir): boolean {
    const { mask, inMask } = this.masks(watch, dir);
    const holder = this.holder(watch, dir.path, { watch, dir, file: null }, 'dir', mask, inMask);
    if (!this.hold(dir.inode, holder)) return false;
    dir.mask = mask;
    watch.dirs.set(dir.path, dir);
    watch.holders.set(dir, holder);
    return true;
  }

  private holdFile(watch: WorkloadWatch, file: WatchedFile): boolean {
    const mask = fileMarkMask(this.mode, file.baseline.filter, watch.opens);
    const holder = this.holder(watch, file.path, { watch, dir: null, file }, 'file', mask, INOTIFY_FILE_MASK);
    if (!this.hold(file.inode, holder)) return false;
    file.mask = mask;
    watch.files.set(file.path, file);
    watch.holders.set(file, holder);
    return true;
  }

  private holder(watch: WorkloadWatch, path: string, owner: MarkOwner, kind: 'dir' | 'file', mask: number, inMask: number): OwnerHolder {
    const link = watch.workload.rootLink;
    const fallbackPaths = link !== '/' && !watch.workload.isHost ? [`${link}${path === '/' ? '' : path}`] : [];
    return { owner, kind, mask, inMask, path: watch.hostPath(path), fallbackPaths };
  }

  private hold(inode: string, holder: OwnerHolder): boolean {
    const outcome = this.marks.hold(inode, holder);
    if (outcome.ok) return true;
    const code = (outcome.error as FsEventsError).code;
    this.counters.markErrors[code] = (this.counters.markErrors[code] ?? 0) + 1;
    return false;
  }
}

function inodeOf(path: string): string {
  try {
    const st = fs.statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return '';
  }
}
