import { compareFilterStrength, type CompiledFilter } from '@fsmon/rules';

/**
 * Orders filters that cover the same path strongest first, exactly as `coveringFilters` in
 * @fsmon/rules ranks them; ties keep the input order (`order`). The permission table lists a
 * directory's entries in this order and the worker takes the first whose name matches, so its
 * verdict comes from the same filter `coveredBy` names.
 */
export function compareStrength(a: { c: CompiledFilter; order: number }, b: { c: CompiledFilter; order: number }): number {
  return compareFilterStrength(a.c, b.c) || a.order - b.order;
}
