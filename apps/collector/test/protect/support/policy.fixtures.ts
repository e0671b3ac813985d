import type { FileAccessFilterRule, FileFilter, PolicyMode } from '@fsmon/contracts';
import { mergeAccessRules, mergeProfiles, type MergedAccessRules } from '@fsmon/rules';
import type { ProtectPolicy, ProtectTarget, ProtectWorkload } from '../../../src/protect/protect.types';

// Policy and target fixtures for the protect specs and integration tests.

export function filter(
  path: string,
  regex: string,
  opts: Partial<Pick<FileFilter, 'recursive' | 'customerAdd' | 'behavior' | 'dgroup'>> = {},
): FileFilter {
  return {
    filter: regex === '' ? path : `${path}/*`,
    path,
    regex,
    recursive: opts.recursive ?? false,
    customerAdd: opts.customerAdd ?? true,
    behavior: opts.behavior ?? 'block_access',
    dgroup: opts.dgroup ?? 'g1',
  };
}

export function rule(apps: string[], failMode: 'open' | 'closed' = 'open'): FileAccessFilterRule {
  const at = '2025-01-01T00:00:00Z';
  return { apps, behavior: 'block_access', customerAdd: true, createdAt: at, updatedAt: at, failMode };
}

export function policy(
  mode: PolicyMode,
  filters: FileFilter[],
  rules: Record<string, FileAccessFilterRule> | undefined,
  extra: { filtersCRD?: FileFilter[]; rulesCRD?: Record<string, FileAccessFilterRule>; revision?: number } = {},
): ProtectPolicy {
  const profile = mergeProfiles([{ group: 'g1', mode, cfgType: 'user_created', filters, filtersCRD: extra.filtersCRD ?? [] }]);
  const accessRules: MergedAccessRules | undefined =
    rules === undefined ? undefined : mergeAccessRules([{ group: 'g1', filters: rules, filtersCRD: extra.rulesCRD ?? {} }]);
  return { revision: extra.revision ?? 1, mode, groups: ['g1'], profile, accessRules };
}

export function target(over: Partial<ProtectTarget> = {}, workload: Partial<ProtectWorkload> = {}): ProtectTarget {
  return {
    workload: {
      key: 'c1',
      isHost: false,
      rootPid: 4242,
      mntns: 4026532000,
      rootPath: '/proc/4242/root',
      rootLink: '/',
      identity: { id: 'c1', name: 'web', image: 'img', labels: {} },
      ...workload,
    },
    capBlock: true,
    dirs: [],
    files: [],
    ...over,
  };
}
