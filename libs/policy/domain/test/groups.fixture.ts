import type { GroupPolicy } from '@fsmon/contracts';
import { addFilter } from '../src/filter.edits';
import { newGroup } from '../src/group.edits';
import type { FilterInput } from '../src/filter-input';

export const NOW = '2025-01-01T00:00:00.000Z';
export const LATER = '2025-01-02T00:00:00.000Z';

/** A valid group for specs (fails loudly if the fixture itself is refused). */
export function group(name = 'web', ...filters: FilterInput[]): GroupPolicy {
  const created = newGroup({ name, selector: name === 'nodes' ? {} : { images: ['nginx:*'] } }, NOW);
  if (!created.ok) throw new Error(created.problem.message);
  return filters.reduce((g, f) => {
    const next = addFilter(g, f, NOW);
    if (!next.ok) throw new Error(next.problem.message);
    return next.value;
  }, created.value);
}
