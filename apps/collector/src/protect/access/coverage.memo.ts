import type { FileFilter } from '@fsmon/contracts';
import { coveredBy } from '@fsmon/rules';

/** Paths remembered per filter list; past this the memo starts over (a sweep over more files just misses). */
const MAX_PATHS = 65_536;

// Keyed by the filter list itself: a policy change brings a new list (MergedProfile.all is
// readonly), so nothing stale can be found, and an old list's memo goes with it.
const memos = new WeakMap<readonly FileFilter[], Map<string, FileFilter | null>>();

/**
 * `coveredBy` (@fsmon/rules) remembered per (filter list, path). Every notified open on a tracked
 * filter asks it, and the answer depends on nothing else; computing it splits the path and tries
 * every filter (about 1 µs), a hit is one Map lookup.
 */
export function memoCoveredBy(path: string, filters: readonly FileFilter[]): FileFilter | undefined {
  let memo = memos.get(filters);
  if (memo === undefined) memos.set(filters, (memo = new Map()));
  const known = memo.get(path);
  if (known !== undefined) return known ?? undefined;
  const filter = coveredBy(path, filters);
  if (memo.size >= MAX_PATHS) memo.clear();
  memo.set(path, filter ?? null);
  return filter;
}
