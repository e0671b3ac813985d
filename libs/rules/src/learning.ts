import type { FileFilter, LearnedRule } from '@fsmon/contracts';
import { filterKey } from '@fsmon/contracts';
import { accessRuleFor, MergedAccessRules } from './access-rule.merge';
import { isAppAllowed } from './app-allowed';
import { filterCovers } from './filter.matcher';

/** A filter an access can teach: its key and the group that owns it. */
export interface LearnTarget {
  readonly key: string;
  readonly group: string;
}

/**
 * The customer-added filters covering `path`, each key once, with the same matcher as everywhere
 * (the seed compared escaped single-file paths with raw ones and applied regexes from the event's
 * own directory, §8.12). Pass `MergedProfile.filters`: CRD filters are declarative and, as in the
 * seed, not learned into.
 */
export function learnableFilters(filters: readonly FileFilter[], path: string): LearnTarget[] {
  const seen = new Map<string, LearnTarget>();
  for (const f of filters) {
    if (!f.customerAdd || !filterCovers(f, path)) continue;
    const key = filterKey(f);
    if (!seen.has(key)) seen.set(key, { key, group: f.dgroup });
  }
  return [...seen.values()];
}

/**
 * What a Discover-mode access teaches (fsmon-behaviour §5): for each learnable filter that has a
 * customer-added rule the process is not yet allowed by, a learned rule for its exe path.
 * Nothing without an exe path.
 */
export function learnFromAccess(input: {
  readonly filters: readonly FileFilter[];
  readonly rules: MergedAccessRules | undefined;
  readonly path: string;
  readonly proc: { readonly exePath: string; readonly name: string };
}): LearnedRule[] {
  if (input.proc.exePath === '') return [];
  return learnableFilters(input.filters, input.path).flatMap(({ key, group }) => {
    const rule = accessRuleFor(input.rules, key);
    if (!rule?.customerAdd || isAppAllowed(rule.apps, input.proc) || group === '') return [];
    return [{ group, filter: key, path: input.proc.exePath }];
  });
}
