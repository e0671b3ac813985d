import type { FileFilter } from '@fsmon/contracts';
import { CompiledFilter, compiledFilter } from './filter.compiler';
import { Glob, globMatches } from './glob';
import { splitPath } from './path-segments';

/**
 * Whether the filter covers a concrete container-relative path — the one meaning used by the
 * collector's walk and events, learning and group estimation alike (fixes fsmon-behaviour §8.12):
 * - single file: every segment matches (`/etc/resolv\.conf` covers `/etc/resolv.conf`, compared
 *   un-escaped; wildcard segments such as `/home/.*\/\.bashrc` match one segment each);
 * - directory, not recursive: `<path>/<name>` with `name` matching `regex`;
 * - directory, recursive: `<path>/<any dirs>/<name>`, the regex applied to the file name only.
 * A filter that does not validate covers nothing.
 */
export function filterCovers(filter: FileFilter, path: string): boolean {
  const c = compiledFilter(filter);
  const segments = splitPath(path);
  return c.ok && segments !== undefined && compiledCovers(c.value, segments);
}

export function compiledCovers(c: CompiledFilter, segments: readonly string[]): boolean {
  const n = c.dirSegments.length;
  if (segments.length < n + 1 || (!c.recursive && segments.length !== n + 1)) return false;
  return prefixMatches(c.dirSegments, segments, n) && globMatches(c.name, segments[segments.length - 1]);
}

/** Whether the first `count` segments match the first `count` globs. */
export function prefixMatches(globs: readonly Glob[], segments: readonly string[], count: number): boolean {
  for (let i = 0; i < count; i++) if (!globMatches(globs[i], segments[i])) return false;
  return true;
}
