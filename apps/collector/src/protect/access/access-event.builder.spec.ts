import { FileRawEvent } from '@fsmon/contracts';
import { filter, policy, rule, target } from '../../../test/protect/support/policy.fixtures';
import { buildAccessEvent } from './access-event.builder';
import { procInfoOf } from './proc-info.builder';

const data = filter('/data', '.*', { dgroup: 'owner' });
const p = policy('Protect', [data, filter('/data', '.*\\.csv', { behavior: 'monitor_change', dgroup: 'other' })], { '/data/.*': rule(['vi']) });
const workload = target().workload;
const seen = { pid: 77, exe: '/usr/bin/cat', comm: 'cat' };
const users = (euid: number) => ({ 0: 'root', 1000: 'ann' })[euid] ?? '';

describe(buildAccessEvent.name, () => {
  it.each([
    ['blocked', true, 'Denied', 'File access was denied.'],
    ['let through (Monitor)', false, 'Accessed', 'File was accessed.'],
  ] as const)('%s: a valid raw event of kind %s', (_, deny, kind, msg) => {
    const proc = procInfoOf(seen, null, workload.rootPid, { deny, inProfile: false }, users);
    const e = buildAccessEvent({ id: 'c:1', at: Date.UTC(2025, 0, 1), workload, policy: p, path: '/data/x.csv', filter: data, procs: [proc] });
    expect(FileRawEvent.parse(e)).toEqual(e);
    expect(e).toMatchObject({ kind, msg, decision: 'denied', filterKey: '/data/.*', protect: true, userAdded: true, group: 'owner', at: '2025-01-01T00:00:00.000Z' });
    expect(e.procs).toEqual([expect.objectContaining({ name: 'cat', path: '/usr/bin/cat', pid: 77, deny, euid: -1, cmds: [] })]);
    expect(e.stat).toEqual({ exists: false, isDir: false, isSymlink: false, hash: '' });
  });

  it('flags package managers', () => {
    const proc = procInfoOf({ pid: 1, exe: '/usr/bin/dpkg', comm: 'dpkg' }, null, 1, { deny: true, inProfile: false }, users);
    expect(buildAccessEvent({ id: 'c:2', at: 0, workload, policy: p, path: '/data/x', filter: data, procs: [proc] }).package).toBe(true);
  });
});

describe(procInfoOf.name, () => {
  const record = { pid: 77, startTime: 9, name: 'cat', exe: '/usr/bin/cat', cmds: ['cat', '/data/x'], euid: 1000, ppid: 5, pname: 'sh', ppath: '/bin/sh' };

  it("uses the resolver's record of the same program, its user named by the workload's passwd", () => {
    const { exe, ...rest } = record;
    expect(procInfoOf(seen, record, 9, { deny: true, inProfile: false }, users)).toEqual({ ...rest, euser: 'ann', rootPid: 9, path: exe, deny: true, inProfile: false });
    expect(procInfoOf(seen, { ...record, euid: 0 }, 9, { deny: true, inProfile: false }, users)).toMatchObject({ euid: 0, euser: 'root' });
  });

  it("names the euid the permission worker read when the process is gone; none when it read none", () => {
    expect(procInfoOf({ ...seen, euid: 0 }, null, 9, { deny: true, inProfile: false }, users)).toMatchObject({ euid: 0, euser: 'root', name: 'cat' });
    expect(procInfoOf(seen, null, 9, { deny: true, inProfile: false }, users)).toMatchObject({ euid: -1, euser: '' });
  });

  it('ignores a record of another program (the pid was reused)', () => {
    expect(procInfoOf(seen, { ...record, exe: '/bin/sh' }, 9, { deny: true, inProfile: false }, users)).toMatchObject({ name: 'cat', cmds: [], euid: -1, ppid: 0 });
  });
});
