import { modeFlags } from '@fsmon/rules';
import type { PolicyMode } from '@fsmon/contracts';
import { filter, policy, rule } from '../../../test/protect/support/policy.fixtures';
import { judgeOpen, type Judgement } from './access.judge';

const data = filter('/data', '.*', { recursive: true });
const logs = filter('/logs', '.*', { behavior: 'monitor_change' });
const predefined = filter('/etc', '.*', { customerAdd: false });
const rules = { '/data/.*': rule(['vi']), '/logs/.*': rule(['rotate']) };
const flags = (mode: PolicyMode, isHost = false) => modeFlags({ mode, isHost, capBlock: true, permissionSupported: true });

describe(judgeOpen.name, () => {
  it.each<[string, PolicyMode, string, string, string, Judgement['kind'], Record<string, unknown>?]>([
    ['Discover: an app not yet allowed teaches its exe', 'Discover', '/data/a', '/usr/bin/cat', 'cat', 'learn', { rules: [{ group: 'g1', filter: '/data/.*', path: '/usr/bin/cat' }] }],
    ['Discover: an allowed app teaches nothing', 'Discover', '/data/a', '/usr/bin/vi', 'vi', 'ignore'],
    ['Discover: monitor_change customer filters learn too', 'Discover', '/logs/x', '/bin/sh', 'sh', 'learn'],
    ['Discover: predefined filters never learn', 'Discover', '/etc/passwd', '/bin/sh', 'sh', 'ignore'],
    ['Discover: no exe, nothing to learn', 'Discover', '/data/a', '', 'cat', 'ignore'],
    ['Protect: not allowed', 'Protect', '/data/a', '/usr/bin/cat', 'cat', 'check', { denied: true, report: true, inProfile: false }],
    ['Protect: allowed by name', 'Protect', '/data/sub/a', '/opt/x', 'vi', 'check', { denied: false, inProfile: true }],
    ['Monitor: monitor_change never refuses', 'Monitor', '/logs/x', '/bin/sh', 'sh', 'check', { denied: false }],
    ['Monitor: uncovered path', 'Monitor', '/tmp/x', '/bin/sh', 'sh', 'ignore'],
  ])('%s', (_, mode, path, exePath, name, kind, fields = {}) => {
    const p = policy(mode, [data, logs, predefined], rules);
    const j = judgeOpen(p, flags(mode), { path, exePath, name }, 'open');
    expect(j).toMatchObject({ kind, ...fields });
  });

  it('the host is judged as Monitor, never learning', () => {
    const p = policy('Discover', [data], rules);
    expect(judgeOpen(p, flags('Discover', true), { path: '/data/a', exePath: '/bin/cat', name: 'cat' }, 'open')).toMatchObject({ kind: 'check', denied: true });
  });

  it('the ps read exception is allowed and not reported', () => {
    const p = policy('Protect', [filter('/etc/passwd', '')], { '/etc/passwd/': rule([]) });
    expect(judgeOpen(p, flags('Protect'), { path: '/etc/passwd', exePath: '/bin/ps', name: 'ps' }, 'open')).toMatchObject({ kind: 'check', denied: false, report: false });
  });
});
