import type { FileFilter, LearnedRule } from '@fsmon/contracts';
import { checkAccess, learnFromAccess, type FailMode, type ModeFlags } from '@fsmon/rules';
import type { ProtectPolicy } from '../protect.types';
import { type CoverageHint, memoCoveredBy } from './coverage.memo';

/** An open on a tracked filter, with the process as the workload sees it. */
export interface ObservedOpen {
  /** Container-relative. */
  readonly path: string;
  /** Executable path inside the workload ('' when unknown). */
  readonly exePath: string;
  readonly name: string;
}

export type Judgement =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'learn'; readonly rules: readonly LearnedRule[] }
  | { readonly kind: 'check'; readonly filter: FileFilter; readonly denied: boolean; readonly inProfile: boolean; readonly report: boolean };

/**
 * What an observed open means for its workload, with the same functions as everywhere else
 * (@fsmon/rules): in Discover, what it teaches (learnFromAccess; reads are never reported there);
 * in Monitor and Protect, the allow check of the filter that decides for the path (coveredBy,
 * checkAccess). `report` is false for the seed's read exceptions. `hint`: the path's own coverage
 * answer, kept by the caller (see CoverageHint).
 */
export function judgeOpen(policy: ProtectPolicy, flags: ModeFlags, open: ObservedOpen, defaultFailMode: FailMode, hint?: CoverageHint): Judgement {
  const proc = { exePath: open.exePath, name: open.name };
  if (flags.learning) {
    const rules = learnFromAccess({ filters: policy.profile.filters, rules: policy.accessRules, path: open.path, proc });
    return rules.length === 0 ? { kind: 'ignore' } : { kind: 'learn', rules };
  }
  const filter = memoCoveredBy(open.path, policy.profile.all, hint);
  if (filter === undefined) return { kind: 'ignore' };
  const d = checkAccess({ filter, rules: policy.accessRules, proc, path: open.path, isOpen: true, failMode: defaultFailMode });
  return { kind: 'check', filter, denied: d.verdict === 'deny', inProfile: d.inProfile, report: d.report };
}
