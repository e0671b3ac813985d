import type { FileFilter } from '@fsmon/contracts';
import { coveredBy } from '@fsmon/rules';

/** Paths remembered per filter list; past this the memo starts over (a sweep over more files just misses). */
const MAX_PATHS = 65_536;

// Keyed by the filter list itself: a policy change brings a new list (MergedProfile.all is
// readonly), so nothing stale can be found, and an old list's memo goes with it.
const memos = new WeakMap<readonly FileFilter[], Map<string, FileFilter | null>>();

/**
 * A caller's own place for the coverage answer of ONE path (the watcher keeps one per watched
 * file, on its remembered match). Valid only for the filter list it was computed from: a policy
 * change brings a new list, so the answer is computed again on its next use and never read stale.
 */
export interface CoverageHint {
  /** The list `coverFilter` was computed from (null: nothing computed yet). */
  coverList: readonly FileFilter[] | null;
  /** The filter covering the path under `coverList` (null: none). */
  coverFilter: FileFilter | null;
}

export function newCoverageHint(): CoverageHint {
  return { coverList: null, coverFilter: null };
}

/**
 * `coveredBy` (@fsmon/rules) remembered per (filter list, path). Every notified open on a tracked
 * filter asks it, and the answer depends on nothing else; computing it splits the path and tries
 * every filter (about 1 µs), a hit is one Map lookup. With a hint (the path's own), a hit is two
 * field reads and the shared memo is neither asked nor filled: a burst over 50k files then does no
 * random lookup in a 50k-entry map per open, and the memo does not hold a second copy per file.
 */
export function memoCoveredBy(path: string, filters: readonly FileFilter[], hint?: CoverageHint): FileFilter | undefined {
  if (hint !== undefined) {
    if (hint.coverList !== filters) {
      hint.coverFilter = coveredBy(path, filters) ?? null;
      hint.coverList = filters;
    }
    return hint.coverFilter ?? undefined;
  }
  let memo = memos.get(filters);
  if (memo === undefined) memos.set(filters, (memo = new Map()));
  const known = memo.get(path);
  if (known !== undefined) return known ?? undefined;
  const filter = coveredBy(path, filters);
  if (memo.size >= MAX_PATHS) memo.clear();
  memo.set(path, filter ?? null);
  return filter;
}
