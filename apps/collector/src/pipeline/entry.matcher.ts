import { IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO, newCoalesceSlot } from '@fsmon/collector-domain';
import { shouldDescend } from '@fsmon/rules';
import { joinPath, type FileBaseline, type WatchedDir } from '../watch/watch-state';
import type { MarkOwner, WorkloadWatch } from '../watch/workload.watch';
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
  /** Where the path sits in the coalescing window (a known child's remembered match only). */
  readonly slot?: PendingSlot;
}

const ignored = (watch: WorkloadWatch, path: string, outcome: 'ignored' | 'uncovered' = 'ignored'): EntryMatch => ({ outcome, watch, path, views: NO_VIEWS, context: null });

/** Matches an event (on a marked directory's entry `name`, on the directory itself, or on an own-marked file) to the watch. */
export function matchEntry(owner: MarkOwner, name: string | null, isDir: boolean, mask: number): EntryMatch {
  const { watch } = owner;
  const file = owner.file;
  if (file !== null) {
    const base = file.path.slice(file.path.lastIndexOf('/') + 1);
    const context: PendingContext = file.parent !== null
      ? { watch, dir: file.parent, name: base, file, role: 'dir-child', filter: file.baseline.filter, recursive: false }
      : { watch, dir: null, name: null, file, role: 'single-file', filter: file.baseline.filter, recursive: false };
    return { outcome: 'entry', watch, path: file.path, views: NO_VIEWS, context };
  }
  const dir = owner.dir as WatchedDir;
  if (name === null) {
    if (dir.kind === 'structure' || dir.filters.length === 0) return ignored(watch, dir.path);
    const context: PendingContext = { watch, dir, name: null, file: null, role: 'watched-dir', filter: dir.filters[0], recursive: dir.recursive };
    return { outcome: 'entry', watch, path: dir.path, views: NO_VIEWS, context };
  }
  if (isDir) return matchSubdir(watch, dir, name, joinPath(dir.path, name), mask);
  if (dir.kind === 'structure') return ignored(watch, joinPath(dir.path, name));
  const known = dir.children.get(name);
  if (known !== undefined) return knownChild(watch, dir, name, known);
  const path = joinPath(dir.path, name);
  const filter = watch.childFilter(dir, name);
  if (filter === undefined) return ignored(watch, path, 'uncovered');
  return { outcome: 'entry', watch, path, views: NO_VIEWS, context: { watch, dir, name, file: null, role: 'dir-child', filter, recursive: false } };
}

/**
 * A covered child the watch knows: the match of its previous event while its filter is unchanged
 * (a re-plan may give it another), else a new one, remembered. Sharing it is safe: matches and
 * contexts are never changed once made (the slot is the coalescer's, checked on every use).
 */
function knownChild(watch: WorkloadWatch, dir: WatchedDir, name: string, known: FileBaseline): EntryMatch {
  const last = known.matched;
  if (last !== undefined && last !== null && last.watch === watch && last.context?.dir === dir && last.context.filter === known.filter) return last;
  // One flat string (array join), kept: lookups by it hash it once and compare by identity after.
  const path = (dir.path === '/' ? ['', name] : [dir.path, name]).join('/');
  const context: PendingContext = { watch, dir, name, file: null, role: 'dir-child', filter: known.filter, recursive: false };
  const match: EntryMatch = { outcome: 'entry', watch, path, views: NO_VIEWS, context, slot: newCoalesceSlot() };
  known.matched = match;
  return match;
}

function matchSubdir(watch: WorkloadWatch, dir: WatchedDir, name: string, path: string, mask: number): EntryMatch {
  const subFilters = dir.kind === 'watch' ? watch.subdirFilters(dir, name) : [];
  const context: PendingContext | null =
    subFilters.length === 0 ? null : { watch, dir, name, file: null, role: 'dir-child', filter: subFilters[0], recursive: subFilters.some((f) => f.recursive) };
  if ((mask & (IN_CREATE | IN_MOVED_TO)) !== 0) {
    const views = dir.views.map((v) => joinPath(v, name)).filter((v) => shouldDescend(v, watch.policy.filters));
    if (views.length > 0) return { outcome: 'new-dir', watch, path, views, context };
  }
  if (context === null && (mask & (IN_DELETE | IN_MOVED_FROM)) !== 0) return { outcome: 'gone-dir', watch, path, views: NO_VIEWS, context };
  return context === null ? ignored(watch, path) : { outcome: 'entry', watch, path, views: NO_VIEWS, context };
}
