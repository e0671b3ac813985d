import type { FileAccessFilterRule, FileAccessRule, FileFilter } from '@fsmon/contracts';
import { AccessCheckInput, AccessDecision, checkAccess } from './access.check';
import { mergeAccessRules } from './access-rule.merge';

const block: FileFilter = { filter: '/data/*', path: '/data', regex: '.*', recursive: true, customerAdd: true, behavior: 'block_access', dgroup: 'g' };
const monitor: FileFilter = { ...block, behavior: 'monitor_change' };
const passwd: FileFilter = { ...block, filter: '/etc/passwd', path: '/etc/passwd', regex: '' };

const rule = (apps: string[], failMode: 'open' | 'closed' = 'open'): FileAccessFilterRule => ({
  apps,
  behavior: 'block_access',
  customerAdd: true,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  failMode,
});
const access = (filters: Record<string, FileAccessFilterRule>, filtersCRD: Record<string, FileAccessFilterRule> = {}): FileAccessRule => ({
  group: 'g',
  filters,
  filtersCRD,
});

const withRule = mergeAccessRules([access({ '/data/.*': rule(['/usr/bin/cat', 'vi']), '/etc/passwd/': rule([]) })]);
const withClosedRule = mergeAccessRules([access({ '/data/.*': rule(['vi'], 'closed') })]);
const withOtherKey = mergeAccessRules([access({ '/other/.*': rule(['cat']) })]);
const crdOnly = mergeAccessRules([access({}, { '/data/.*': rule(['cat']) })]);
const cat = { exePath: '/usr/bin/cat', name: 'cat' };

const base: AccessCheckInput = { filter: block, rules: withRule, proc: cat, path: '/data/x', isOpen: true };
const d = (verdict: 'allow' | 'deny', reason: AccessDecision['reason'], inProfile = false, report = true) => ({ verdict, reason, inProfile, report });

describe(checkAccess.name, () => {
  it.each<[string, Partial<AccessCheckInput>, AccessDecision]>([
    ['allowed by exe path', {}, d('allow', 'allowed-app', true)],
    ['allowed by exe base name', { proc: { exePath: '/opt/vi', name: 'x' } }, d('allow', 'allowed-app', true)],
    ['allowed by process name', { proc: { exePath: '/usr/bin/busybox', name: 'vi' } }, d('allow', 'allowed-app', true)],
    ['not an allowed app', { proc: { exePath: '/bin/sh', name: 'sh' } }, d('deny', 'not-allowed')],
    ['monitor_change filters never deny', { filter: monitor, proc: { exePath: '/bin/sh', name: 'sh' } }, d('allow', 'not-protected')],
    ['monitor_change still tells inProfile', { filter: monitor }, d('allow', 'not-protected', true)],
    ['no rules at all → fail open by default', { rules: undefined }, d('allow', 'no-rules-fail-open')],
    ['no rules at all → fail closed when asked', { rules: undefined, failMode: 'closed' }, d('deny', 'no-rules-fail-closed')],
    ['no exe path → fail open by default', { proc: { exePath: '', name: 'vi' } }, d('allow', 'no-exe-fail-open', true)],
    ['no exe path → the rule fail mode decides', { rules: withClosedRule, proc: { exePath: '', name: 'sh' } }, d('deny', 'no-exe-fail-closed')],
    ['no exe path, no rule → the given fail mode', { rules: withOtherKey, failMode: 'closed', proc: { exePath: '', name: 'sh' } }, d('deny', 'no-exe-fail-closed')],
    ['rules but none for this filter → deny (seed)', { rules: withOtherKey }, d('deny', 'no-rule')],
    ['§8.7: a CRD rule is honoured', { rules: crdOnly }, d('allow', 'allowed-app', true)],
    ['§8.7: a CRD rule denies others', { rules: crdOnly, proc: { exePath: '/bin/vi', name: 'vi' } }, d('deny', 'not-allowed')],
    ['ps reading /etc/passwd is allowed and not reported', { filter: passwd, path: '/etc/passwd', proc: { exePath: '/bin/ps', name: 'ps' } }, d('allow', 'read-exception', false, false)],
    ['ls reading /etc/group is allowed and not reported', { filter: { ...passwd, path: '/etc/group' }, path: '/etc/group', proc: { exePath: '/bin/ls', name: 'ls' } }, d('allow', 'read-exception', false, false)],
    ['ps writing /etc/passwd is not an exception', { filter: passwd, path: '/etc/passwd', isOpen: false, proc: { exePath: '/bin/ps', name: 'ps' } }, d('deny', 'not-allowed')],
  ])('%s', (_, over, expected) => {
    expect(checkAccess({ ...base, ...over })).toEqual(expected);
  });
});
