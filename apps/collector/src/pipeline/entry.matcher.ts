import { IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO } from '@fsmon/collector-domain';
import type { FileFilter } from '@fsmon/contracts';
import { shouldDescend } from '@fsmon/rules';
import { joinPath, type FileBaseline, type WatchedDir } from '../watch/watch-state';
import type { MarkOwner, WorkloadWatch } from '../watch/workload.watch';
import type { CoverageHint } from '../core/collector.ports';
import type { PendingContext, PendingSlot } from './pending.types';

/** `views` of every outcome but new-dir: one shared empty list, not an array per event. */
const NO_VIEWS: readonly string[] = Object.freeze([]);

/** What an event on a watch entry means for the pipeline. */
export interface EntryMatch {
  /**
   * `entry`: coalesce it; `new-dir`: a directory appeared that filters reach (walk it; coalesce too
   * when it is watched itself); `gone-dir`: an unwatched directory on the way to watched ones went
   * (forget below it); `ignored`/`uncovered`: nothing to do.
   */
  readonly outcome: 'entry' | 'new-dir' | 'gone-dir' | 'ignored' | 'uncovered';
  readonly watch: WorkloadWatch;
  /** Container path of the entry. */
  readonly path: string;
  /** The names filters see a new directory under (its parent's views joined with its name). */
  readonly views: readonly string[];
  /** What to coalesce, or null. */
  readonly context: PendingContext | null;
  /** `context.filter` (null without a context), read here so the hot path need not load the context. */
  readonly filter: FileFilter | null;
  /** Where the path sits in the coalescing window (a known child's remembered match only). */
  readonly slot?: PendingSlot;
  /** The observer's coverage answer for the path (a known child's remembered match only). */
  readonly coverage?: CoverageHint;
}

/**
 * A known child's match, kept on its baseline: one object that is also the path's coalescing slot
 * and coverage hint (`slot` and `coverage` point to itself). An event on a large directory then
 * touches one object per file instead of four (match, context, slot, hint), which is what the
 * time per event goes on when 50k files take turns: cache misses, not instructions.
 */
export interface RememberedMatch extends EntryMatch, PendingSlot, CoverageHint {
  readonly outcome: 'entry';
  readonly context: PendingContext;
  readonly filter: FileFilter;
  /** The directory it was matched in (a re-plan may give the name another). */
  readonly dir: WatchedDir;
}

const ignored = (watch: WorkloadWatch, path: string, outcome: 'ignored' | 'uncovered' = 'ignored'): EntryMatch => ({ outcome, watch, path, views: NO_VIEWS, context: null, filter: null });

/** Matches an event (on a marked directory's entry `name`, on the directory itself, or on an own-marked file) to the watch. */
export function matchEntry(owner: MarkOwner, name: string | null, isDir: boolean, mask: number): EntryMatch {
  const { watch } = owner;
  const file = owner.file;
  if (file !== null) {
    const base = file.path.slice(file.path.lastIndexOf('/') + 1);
    const context: PendingContext = file.parent !== null
      ? { watch, dir: file.parent, name: base, file, role: 'dir-child', filter: file.baseline.filter, recursive: false }
      : { watch, dir: null, name: null, file, role: 'single-file', filter: file.baseline.filter, recursive: false };
    return { outcome: 'entry', watch, path: file.path, views: NO_VIEWS, context, filter: context.filter };
  }
  const dir = owner.dir as WatchedDir;
  if (name === null) {
    if (dir.kind === 'structure' || dir.filters.length === 0) return ignored(watch, dir.path);
    const context: PendingContext = { watch, dir, name: null, file: null, role: 'watched-dir', filter: dir.filters[0], recursive: dir.recursive };
    return { outcome: 'entry', watch, path: dir.path, views: NO_VIEWS, context, filter: context.filter };
  }
  if (isDir) return matchSubdir(watch, dir, name, joinPath(dir.path, name), mask);
  if (dir.kind === 'structure') return ignored(watch, joinPath(dir.path, name));
  const known = dir.children.get(name);
  if (known !== undefined) return knownChild(watch, dir, name, known);
  const path = joinPath(dir.path, name);
  const filter = watch.childFilter(dir, name);
  if (filter === undefined) return ignored(watch, path, 'uncovered');
  return { outcome: 'entry', watch, path, views: NO_VIEWS, context: { watch, dir, name, file: null, role: 'dir-child', filter, recursive: false }, filter };
}

/**
 * A covered child the watch knows: the match of its previous event while its filter is unchanged
 * (a re-plan may give it another), else a new one, remembered. Sharing it is safe: its match and
 * context fields never change once made; the slot fields are the coalescer's (checked against its
 * window on every use) and the coverage fields the observer's (checked against its filter list).
 */
function knownChild(watch: WorkloadWatch, dir: WatchedDir, name: string, known: FileBaseline): EntryMatch {
  const last = known.matched;
  if (last !== undefined && last !== null && last.watch === watch && last.dir === dir && last.filter === known.filter) return last;
  // One flat string (array join), kept: lookups by it hash it once and compare by identity after.
  const path = (dir.path === '/' ? ['', name] : [dir.path, name]).join('/');
  const context: PendingContext = { watch, dir, name, file: null, role: 'dir-child', filter: known.filter, recursive: false };
  const match = { outcome: 'entry', watch, path, views: NO_VIEWS, context, filter: known.filter, dir, entry: null, owner: null, window: -1, coverList: null, coverFilter: null } as RememberedMatch & { slot: PendingSlot; coverage: CoverageHint };
  match.slot = match;
  match.coverage = match;
  known.matched = match;
  return match;
}

function matchSubdir(watch: WorkloadWatch, dir: WatchedDir, name: string, path: string, mask: number): EntryMatch {
  const subFilters = dir.kind === 'watch' ? watch.subdirFilters(dir, name) : [];
  const context: PendingContext | null =
    subFilters.length === 0 ? null : { watch, dir, name, file: null, role: 'dir-child', filter: subFilters[0], recursive: subFilters.some((f) => f.recursive) };
  const filter = context?.filter ?? null;
  if ((mask & (IN_CREATE | IN_MOVED_TO)) !== 0) {
    const views = dir.views.map((v) => joinPath(v, name)).filter((v) => shouldDescend(v, watch.policy.filters));
    if (views.length > 0) return { outcome: 'new-dir', watch, path, views, context, filter };
  }
  if (context === null && (mask & (IN_DELETE | IN_MOVED_FROM)) !== 0) return { outcome: 'gone-dir', watch, path, views: NO_VIEWS, context, filter };
  return context === null ? ignored(watch, path) : { outcome: 'entry', watch, path, views: NO_VIEWS, context, filter };
}
