import type { FileAccessFilterRule, FileFilter, FilterBehavior } from '@fsmon/contracts';
import { parseFilterPattern, validateFilter } from '@fsmon/rules';
import { failure, type Outcome, PolicyProblem, success } from './policy-problem';

/**
 * A filter as an admin writes it: a user pattern (fsmon-behaviour §1.1) such as `/etc/*.conf`, or a
 * raw `path` + `regex` pair as in the seed's CRDs (the regex limited to the safe subset of
 * `@fsmon/rules`), and its options.
 */
export interface FilterInput {
  readonly pattern?: string;
  readonly path?: string;
  readonly regex?: string;
  /** Default false. */
  readonly recursive?: boolean;
  /** Default monitor_change. */
  readonly behavior?: FilterBehavior;
  /** Allowed apps (exe path, base name or process name); default none. */
  readonly apps?: readonly string[];
  /** What a block filter does when no decision can be made; default open (seed behaviour). */
  readonly failMode?: 'open' | 'closed';
}

/** Most allowed apps per filter (the wire contract's bound). */
export const MAX_APPS = 1024;
const MAX_APP_LENGTH = 4096;
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;

/**
 * Turns an admin's filter into a customer-added filter with the shared parser and validator of
 * `@fsmon/rules`; a refused one becomes VALIDATION_FAILED with their code as `reason`
 * (PATTERN_DOTDOT, PATTERN_BRACKETS, PATTERN_ROOT, REGEX_UNSAFE, REGEX_INVALID, PATTERN_TOO_LONG...) and
 * `details.field` naming the input (`pattern`, `path`, `regex`, prefixed by `where`, e.g. `filters[2].pattern`).
 */
export function customerFilter(input: FilterInput, where = ''): Outcome<FileFilter> {
  const recursive = input.recursive ?? false;
  const behavior = input.behavior ?? 'monitor_change';
  const raw = input.path !== undefined || input.regex !== undefined;
  if (raw === (input.pattern !== undefined)) {
    return failure(PolicyProblem.invalid('FILTER_FORM', 'give either "pattern" or "path" (with an optional "regex"), not both or neither', { field: where || 'pattern' }));
  }
  const parsed = raw
    ? validateFilter({ filter: '', path: input.path ?? '', regex: input.regex ?? '', recursive, behavior, customerAdd: true, dgroup: '' })
    : parseFilterPattern(input.pattern ?? '', { recursive, behavior, customerAdd: true });
  if (parsed.ok) return success(parsed.value);
  const { code, message, field } = parsed.error;
  return failure(PolicyProblem.invalid(code, message, { field: where ? `${where}.${field}` : field }));
}

/** Apps de-duplicated and sorted, or why they are refused (empty, too long, control characters, too many). */
export function normalizeApps(apps: readonly string[], where = 'apps'): Outcome<string[]> {
  const unique = [...new Set(apps)].sort();
  if (unique.length > MAX_APPS) return failure(PolicyProblem.invalid('APPS_TOO_MANY', `at most ${MAX_APPS} apps per filter (got ${unique.length})`, { field: where }));
  const bad = unique.find((a) => a.length === 0 || a.length > MAX_APP_LENGTH || CONTROL_CHAR.test(a));
  if (bad !== undefined) {
    return failure(PolicyProblem.invalid('APP_INVALID', `an app must be 1..${MAX_APP_LENGTH} characters without control characters`, { field: where }));
  }
  return success(unique);
}

/** A new access-rule entry for a customer filter. */
export function accessEntry(filter: FileFilter, apps: readonly string[], now: string, failMode: 'open' | 'closed' = 'open'): FileAccessFilterRule {
  return { apps: [...apps], behavior: filter.behavior, customerAdd: true, createdAt: now, updatedAt: now, failMode };
}
