import type { FileFilter } from '@fsmon/contracts';
import { CompiledFilter, compiledFilter } from './filter.compiler';
import { compiledCovers } from './filter.matcher';
import { splitPath } from './path-segments';

/**
 * All filters covering `path`, strongest first:
 * 1. `block_access` before `monitor_change` — a blocked file inside a monitored directory keeps
 *    its protection (fixes §8.8, where the file took the directory's flags);
 * 2. customer-added before predefined (their allow-lists and learning apply);
 * 3. the more specific: single file, then non-recursive, then recursive directory filter, then
 *    the one with more literal directory segments;
 * 4. the input order (merged lists put CRD filters first).
 * Filters that do not validate are skipped (see `validateFilters`).
 */
export function coveringFilters(path: string, filters: readonly FileFilter[]): FileFilter[] {
  const segments = splitPath(path);
  if (segments === undefined) return [];
  const hits: { c: CompiledFilter; order: number }[] = [];
  filters.forEach((f, order) => {
    const c = compiledFilter(f);
    if (c.ok && compiledCovers(c.value, segments)) hits.push({ c: c.value, order });
  });
  return hits.sort((a, b) => compareFilterStrength(a.c, b.c) || a.order - b.order).map((h) => h.c.filter);
}

/** The filter that decides for `path` (the first of `coveringFilters`), if any. */
export function coveredBy(path: string, filters: readonly FileFilter[]): FileFilter | undefined {
  return coveringFilters(path, filters)[0];
}

/** The ranking `coveringFilters` uses: negative when `a` is the stronger filter (ties: 0). */
export function compareFilterStrength(a: CompiledFilter, b: CompiledFilter): number {
  return (
    flag(b.filter.behavior === 'block_access') - flag(a.filter.behavior === 'block_access') ||
    flag(b.filter.customerAdd) - flag(a.filter.customerAdd) ||
    specificity(a) - specificity(b) ||
    literalDepth(b) - literalDepth(a)
  );
}

function flag(b: boolean): number {
  return b ? 1 : 0;
}

function specificity(c: CompiledFilter): number {
  if (c.single) return 0;
  return c.recursive ? 2 : 1;
}

function literalDepth(c: CompiledFilter): number {
  return c.dirSegments.filter((g) => g.parts.length === 1).length;
}
