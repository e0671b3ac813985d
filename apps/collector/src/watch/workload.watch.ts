import type { FileFilter } from '@fsmon/contracts';
import { coveredBy, filtersWatching, type ModeFlags } from '@fsmon/rules';
import type { ResolvedPolicy } from '../core/collector.ports';
import { hostPathOf, type Workload } from '../containers/workload';
import type { BlockingCapability } from './blocking-capability';
import type { MarkHolder } from './mark.table';
import { PlanSequencer } from './plan.sequencer';
import { joinPath, type FileBaseline, type WatchedDir, type WatchedFile } from './watch-state';

/** Who holds a kernel mark: a workload's directory or file entry. */
export interface MarkOwner {
  readonly watch: WorkloadWatch;
  readonly dir: WatchedDir | null;
  readonly file: WatchedFile | null;
}

export type OwnerHolder = MarkHolder<MarkOwner>;

const UNCOVERED_MAX = 4096;

/**
 * The watch state of one workload: its resolved policy and mode flags, the marked directories and
 * files with their baselines, and the time monitoring began (kept across re-plans, for the
 * runtime-file grace).
 */
export class WorkloadWatch {
  readonly dirs = new Map<string, WatchedDir>();
  readonly files = new Map<string, WatchedFile>();
  readonly holders = new Map<WatchedDir | WatchedFile, OwnerHolder>();
  /** 'starting' until the first plan is applied and baselined; events are taken meanwhile. */
  state: 'starting' | 'active' | 'closed' = 'starting';
  /** The walk hit WATCH_MAX_DIRS. */
  truncated = false;
  /** Opens of tracked filters are observed with FAN_OPEN here (false: the protect module holds them). */
  opens = true;
  /** Its plans, one at a time, the latest policy winning. */
  readonly plans = new PlanSequencer();

  constructor(
    readonly workload: Workload,
    public policy: ResolvedPolicy,
    public flags: ModeFlags,
    readonly startedAt: number,
    /** Whether its opens may be held by permission events (platform role, storage driver). */
    readonly blocking: BlockingCapability = { capBlock: true, permissionCapable: true, rootFsType: '' },
  ) {}

  /** Stopped (its workload is gone): async work that finds it so must not touch the marks. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Host path of a container path of this workload. */
  hostPath(containerPath: string): string {
    return hostPathOf(this.workload, containerPath);
  }

  /**
   * The filter covering the entry `name` of a watched directory: the known child's, else the
   * first filter of the directory covering it under any of its names, else undefined.
   */
  childFilter(dir: WatchedDir, name: string): FileFilter | undefined {
    const known = dir.children.get(name);
    if (known !== undefined) return known.filter;
    if (dir.kind === 'structure' || dir.uncovered.has(name)) return undefined;
    for (const view of dir.views) {
      const filter = coveredBy(joinPath(view, name), dir.filters);
      if (filter !== undefined) return filter;
    }
    if (dir.uncovered.size >= UNCOVERED_MAX) dir.uncovered.clear();
    dir.uncovered.add(name);
    return undefined;
  }

  /** The filters under which a sub-directory `name` of `dir` is watched (recursive filters, or deeper ones). */
  subdirFilters(dir: WatchedDir, name: string): FileFilter[] {
    for (const view of dir.views) {
      const filters = filtersWatching(joinPath(view, name), this.policy.filters);
      if (filters.length > 0) return filters;
    }
    return [];
  }

  /** The baseline of a watched path: a directory's child or a file marked on its own. */
  baselineOf(dir: WatchedDir | null, name: string | null, file: WatchedFile | null): FileBaseline | undefined {
    if (file !== null) return file.baseline;
    return dir !== null && name !== null ? dir.children.get(name) : undefined;
  }

  /** Mark counts for the probe gauges. */
  counts(): { dirs: number; files: number; children: number } {
    let children = 0;
    for (const d of this.dirs.values()) children += d.children.size;
    return { dirs: this.dirs.size, files: this.files.size, children };
  }
}
