import type { FileFilter } from '@fsmon/contracts';
import { compiledFilter } from './filter.compiler';
import { filterToPattern } from './filter-pattern.format';
import { ok, Result } from './result';
import { RuleValidationError } from './rule-validation.error';

/**
 * Validates a raw filter (API body, CRD, policy message) with the same rules as a parsed pattern.
 * An empty `filter` display pattern is filled in from `path` and `regex`.
 */
export function validateFilter(filter: FileFilter): Result<FileFilter, RuleValidationError> {
  const c = compiledFilter(filter);
  if (!c.ok) return c;
  return ok(filter.filter === '' ? { ...filter, filter: filterToPattern(filter) } : filter);
}

export interface RejectedFilter {
  readonly filter: FileFilter;
  readonly error: RuleValidationError;
}

/**
 * Splits a received filter list into the usable filters and the refused ones. The matching
 * functions skip refused filters on their own; this is how a consumer counts and reports them.
 */
export function validateFilters(filters: readonly FileFilter[]): { valid: FileFilter[]; rejected: RejectedFilter[] } {
  const valid: FileFilter[] = [];
  const rejected: RejectedFilter[] = [];
  for (const filter of filters) {
    const c = compiledFilter(filter);
    if (c.ok) valid.push(filter);
    else rejected.push({ filter, error: c.error });
  }
  return { valid, rejected };
}
