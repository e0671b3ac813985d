import type { FileFilter } from '@fsmon/contracts';
import { filterKey } from '@fsmon/contracts';
import { accessRuleFor, MergedAccessRules } from './access-rule.merge';
import { isAppAllowed } from './app-allowed';
import { isReadException } from './read-exception';

export type FailMode = 'open' | 'closed';

export type AccessReason =
  | 'read-exception'
  | 'not-protected'
  | 'allowed-app'
  | 'not-allowed'
  | 'no-rule'
  | 'no-rules-fail-open'
  | 'no-rules-fail-closed'
  | 'no-exe-fail-open'
  | 'no-exe-fail-closed';

export interface AccessDecision {
  readonly verdict: 'allow' | 'deny';
  readonly reason: AccessReason;
  /** The process is one of the filter's allowed apps (seed `ProcInfo.InProfile`). */
  readonly inProfile: boolean;
  /** false only for the read exceptions, which are never reported. */
  readonly report: boolean;
}

export interface AccessCheckInput {
  /** The filter that decides for the path (`coveredBy`). */
  readonly filter: FileFilter;
  /** The container's merged rules; `undefined` when it has none at all. */
  readonly rules: MergedAccessRules | undefined;
  readonly proc: { readonly exePath: string; readonly name: string };
  readonly path: string;
  /** The event is an open (not a modification or close-after-write). */
  readonly isOpen: boolean;
  /** Used when no rule gives one; the seed is fail-open. */
  readonly failMode?: FailMode;
}

/**
 * The allow-list check of a file access (fsmon-behaviour §2.5 steps 7–8), in this order:
 * 1. an open of `/etc/passwd` by `ps` or `/etc/group` by `ls` → allow, not reported;
 * 2. a `monitor_change` filter → allow (allowed apps matter for block filters only, §5);
 * 3. the container has no rules → its fail mode (default open);
 * 4. no executable path → the rule's fail mode (default open);
 * 5. no rule for the filter key → deny (seed behaviour; CRD rules count, fixing §8.7);
 * 6. allow if an app equals the exe path, its base name or the process name, else deny.
 */
export function checkAccess(input: AccessCheckInput): AccessDecision {
  const { filter, rules, proc } = input;
  const rule = accessRuleFor(rules, filterKey(filter));
  const inProfile = rule !== undefined && isAppAllowed(rule.apps, proc);
  if (input.isOpen && isReadException(proc.name, input.path)) return decision('allow', 'read-exception', inProfile, false);
  if (filter.behavior !== 'block_access') return decision('allow', 'not-protected', inProfile);
  if (rules === undefined) {
    const mode = input.failMode ?? 'open';
    return decision(mode === 'open' ? 'allow' : 'deny', mode === 'open' ? 'no-rules-fail-open' : 'no-rules-fail-closed', false);
  }
  if (proc.exePath === '') {
    const mode = rule?.failMode ?? input.failMode ?? 'open';
    return decision(mode === 'open' ? 'allow' : 'deny', mode === 'open' ? 'no-exe-fail-open' : 'no-exe-fail-closed', inProfile);
  }
  if (rule === undefined) return decision('deny', 'no-rule', false);
  return inProfile ? decision('allow', 'allowed-app', true) : decision('deny', 'not-allowed', false);
}

function decision(verdict: 'allow' | 'deny', reason: AccessReason, inProfile: boolean, report = true): AccessDecision {
  return { verdict, reason, inProfile, report };
}
