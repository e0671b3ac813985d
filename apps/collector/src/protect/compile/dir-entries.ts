import type { FileFilter } from '@fsmon/contracts';
import { baseName, compiledFilter, filtersWatching, globMatches, type CompiledFilter } from '@fsmon/rules';
import { compareStrength } from './filter-strength';
import type { RuleShape } from './rule-shape';

/** Reads the seed always allows and never reports (same list as isReadException in @fsmon/rules). */
export const READ_EXCEPTIONS: ReadonlyArray<readonly [procName: string, path: string]> = [
  ['ps', '/etc/passwd'],
  ['ls', '/etc/group'],
];

/** One entry of a directory, before it is bound to a target: entry-name pattern, filter, verdict logic. */
export interface DirEntry {
  readonly name: string;
  readonly filterKey: string;
  readonly shape: RuleShape;
}

/**
 * The entries deciding for the direct children of a directory seen under `views` (its path and
 * symlinked aliases), strongest filter first (see compareStrength): the first entry whose name
 * matches decides, as `coveredBy` would. A read exception inside it gets its own entry in front,
 * with the exception's process added to the apps of the entry that would otherwise decide.
 */
export function dirEntries(views: readonly string[], tracked: readonly FileFilter[], shapeOf: (f: FileFilter) => RuleShape): DirEntry[] {
  const order = new Map(tracked.map((f, i) => [f, i]));
  const watching = new Set(views.flatMap((v) => filtersWatching(v, tracked)));
  const ranked = [...watching]
    .map((f) => ({ c: compiledFilter(f), order: order.get(f) ?? 0 }))
    .flatMap((x) => (x.c.ok ? [{ c: x.c.value, order: x.order }] : []))
    .sort(compareStrength);
  const entries = ranked.flatMap(({ c }) => {
    const name = namePattern(c);
    return name === null ? [] : [{ name, filterKey: c.key, shape: shapeOf(c.filter), c }];
  });
  const exceptions = READ_EXCEPTIONS.flatMap(([proc, path]) => {
    if (!views.includes(parentOf(path))) return [];
    const file = baseName(path);
    const decider = entries.find((e) => globMatches(e.c.name, file));
    if (decider === undefined || decider.shape.allow === '*') return [];
    return [{ name: file, filterKey: decider.filterKey, shape: { ...decider.shape, allow: [...decider.shape.allow, proc] } }];
  });
  return [...exceptions, ...entries.map(({ name, filterKey: key, shape }) => ({ name, filterKey: key, shape }))];
}

/** The worker's entry-name pattern ('*' wildcards only): the filter's name glob, null if empty. */
function namePattern(c: CompiledFilter): string | null {
  const pattern = c.name.parts.join('*');
  return pattern === '' || pattern.includes('/') ? null : pattern;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
