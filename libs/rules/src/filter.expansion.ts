import type { FileFilter } from '@fsmon/contracts';
import { compiledFilter } from './filter.compiler';
import { prefixMatches } from './filter.matcher';
import { joinSegments, splitPath } from './path-segments';

// Decisions for the collector's walk of a container root; the walk itself is I/O and lives in
// the collector. Directories are container-relative absolute paths.

/**
 * The deepest directory that holds everything the filter can cover and has no wildcard in it:
 * `/usr/bin` for `/usr/bin` + `.*`, `/etc` for the single file `/etc/passwd`, `/home` for
 * `/home/.*\/\.ssh`. `undefined` for a filter that does not validate.
 */
export function baseDirectory(filter: FileFilter): string | undefined {
  const c = compiledFilter(filter);
  if (!c.ok) return undefined;
  const literal: string[] = [];
  for (const g of c.value.dirSegments) {
    if (g.parts.length !== 1) break;
    literal.push(g.parts[0]);
  }
  return joinSegments(literal);
}

/**
 * The proper ancestors of a directory, root first: `/var/lib/dpkg` → `['/', '/var', '/var/lib']`.
 * A walk must pass through each of them to reach the base (the seed pruned them, §8.1).
 */
export function ancestorsOf(dir: string): string[] {
  const segments = splitPath(dir) ?? [];
  return segments.map((_, i) => joinSegments(segments.slice(0, i)));
}

/**
 * Whether a walk should enter `dir`: it is an ancestor of some filter's directory (wildcard
 * segments match any name, fixing §8.2), that directory itself, or below it for a recursive filter.
 */
export function shouldDescend(dir: string, filters: readonly FileFilter[]): boolean {
  const segments = splitPath(dir);
  if (segments === undefined) return false;
  for (const f of filters) {
    const c = compiledFilter(f);
    if (!c.ok) continue;
    const n = c.value.dirSegments.length;
    if (segments.length > n && !c.value.recursive) continue;
    if (prefixMatches(c.value.dirSegments, segments, Math.min(n, segments.length))) return true;
  }
  return false;
}

/**
 * The filters whose covered files can sit directly in `dir` — the directories that need a watch
 * or mark, with these filters deciding its mask.
 */
export function filtersWatching(dir: string, filters: readonly FileFilter[]): FileFilter[] {
  const segments = splitPath(dir);
  if (segments === undefined) return [];
  return filters.filter((f) => {
    const c = compiledFilter(f);
    if (!c.ok) return false;
    const n = c.value.dirSegments.length;
    if (segments.length < n || (segments.length > n && !c.value.recursive)) return false;
    return prefixMatches(c.value.dirSegments, segments, n);
  });
}
