import type { CompiledFilter } from '@fsmon/rules';

/**
 * Orders filters that cover the same path strongest first, exactly as `coveringFilters` in
 * @fsmon/rules ranks them (block before monitor, customer-added before predefined, single file
 * before non-recursive before recursive, more literal directory segments first); ties keep the
 * input order (`order`). The permission table lists a directory's entries in this order and the
 * worker takes the first whose name matches, so its verdict comes from the same filter `coveredBy`
 * names. (The rules lib keeps its comparator private; exporting it would remove this copy.)
 */
export function compareStrength(a: { c: CompiledFilter; order: number }, b: { c: CompiledFilter; order: number }): number {
  return (
    flag(b.c.filter.behavior === 'block_access') - flag(a.c.filter.behavior === 'block_access') ||
    flag(b.c.filter.customerAdd) - flag(a.c.filter.customerAdd) ||
    specificity(a.c) - specificity(b.c) ||
    literalDepth(b.c) - literalDepth(a.c) ||
    a.order - b.order
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
