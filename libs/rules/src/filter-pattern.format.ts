import type { FileFilter } from '@fsmon/contracts';
import { compileFilter } from './filter.compiler';

/**
 * The user pattern of a filter (seed `FsmonFilterToRest`): `.*` shows as `*`, escapes are
 * dropped, the regex is appended as the last segment (`/home/.*\/\.ssh` + `.*` →
 * `/home/*\/.ssh/*`). For any filter the parser produced, `parseFilterPattern` of the result
 * gives the same `path` and `regex` back. A filter that does not validate is rendered by plain
 * text substitution, as the seed does, so it can still be shown in an error.
 */
export function filterToPattern(filter: Pick<FileFilter, 'path' | 'regex'>): string {
  const compiled = compileFilter({ filter: '', recursive: false, customerAdd: false, behavior: 'monitor_change', dgroup: '', ...filter });
  if (!compiled.ok) {
    const text = filter.regex === '' ? filter.path : `${filter.path}/${filter.regex}`;
    return text.replace(/\.\*/g, '*').replace(/\\(.)/g, '$1');
  }
  const { dirSegments, name } = compiled.value;
  return `/${[...dirSegments, name].map((g) => g.parts.join('*')).join('/')}`;
}
