import { FAN_ALLOW, PermissionTable, type TableData } from '@fsmon/ffi';
import { checkAccess, coveredBy, isReadException } from '@fsmon/rules';
import { filter, policy, rule, target } from '../../../test/protect/support/policy.fixtures';
import type { ProtectPolicy, ProtectTarget } from '../protect.types';
import { READ_EXCEPTIONS } from './dir-entries';
import type { PermissionEntry } from './permission-entry';
import { compileProtection, type CompileInput } from './protection.compiler';

const VERDICT = { allow: 1, deny: 2 } as const;

/** The worker's view of compiled entries (the same table class the permission worker runs). */
function asTable(entries: readonly PermissionEntry[]): { table: PermissionTable; entries: readonly PermissionEntry[] } {
  const data: TableData = { rules: [], spaces: {} };
  entries.forEach((e, i) => {
    data.rules.push({ id: e.id, apps: e.allow === '*' ? '*' : [...e.allow], otherwise: e.otherwise === 'ask' ? 3 : VERDICT[e.otherwise], fail: VERDICT[e.fail] });
    const space = (data.spaces[String(e.mntns)] ??= { exact: {}, dirs: {} });
    (space.dirs[e.path] ??= []).push([e.name === '*' ? null : e.name, i]);
  });
  return { table: new PermissionTable(data), entries };
}

/** What the worker answers for `path` opened by (exe, comm) in namespace `ns`. */
function workerVerdict(t: ReturnType<typeof asTable>, path: string, ns: number | null, exe: string | null, comm: string): 'allow' | 'deny' {
  const i = t.table.find(path, ns === null ? null : String(ns));
  if (i < 0) return 'allow';
  const e = t.entries[i];
  if (e.allow === '*') return 'allow';
  if (exe === null) return e.fail;
  if (t.table.allows(i, exe, comm)) return 'allow';
  return e.otherwise === 'ask' ? 'deny' : e.otherwise;
}

const data = filter('/data', '.*', { recursive: true });
const passwd = filter('/etc/passwd', '');
const etcMonitor = filter('/etc', '.*', { behavior: 'monitor_change', customerAdd: false });
const group = filter('/etc/group', '');
const crdKeys = filter('/secrets', '.*\\.key', { dgroup: 'crd' });
const srvConf = filter('/srv/.*/conf', '');
const protect: ProtectPolicy = policy(
  'Protect',
  [data, passwd, etcMonitor, group, srvConf],
  { '/data/.*': rule(['/usr/bin/cat', 'vi']), '/etc/passwd/': rule(['vipw'], 'closed'), '/etc/group/': rule(['getent']), '/srv/.*/conf/': rule(['nginx']) },
  { filtersCRD: [crdKeys], rulesCRD: { '/secrets/.*\\.key': rule(['kms']) } },
);
const dirs = (...paths: string[]) => paths.map((path) => ({ path }));
const watched: ProtectTarget = target({
  dirs: dirs('/', '/data', '/data/sub', '/etc', '/secrets', '/srv', '/srv/a', '/srv/b'),
  files: [{ path: '/etc/hosts' }],
});
const base: CompileInput = { target: watched, policy: protect, permissionSupported: true, observe: 'hold', suspended: false, askUnauthorized: false, defaultFailMode: 'open' };
const NS = watched.workload.mntns;

describe(compileProtection.name, () => {
  const compiled = compileProtection(base);
  const table = asTable(compiled.entries);

  it.each<[string, string, string | null, string, 'allow' | 'deny']>([
    ['allowed app by exe path', '/data/x', '/usr/bin/cat', 'cat', 'allow'],
    ['allowed app by name', '/data/sub/y', '/usr/bin/vim', 'vi', 'allow'],
    ['recursive filter, other app', '/data/sub/y', '/bin/sh', 'sh', 'deny'],
    ['no exe, fail-open filter', '/data/x', null, 'cat', 'allow'],
    ['single file keeps its own rule inside a monitored dir (§8.8)', '/etc/passwd', '/usr/sbin/vipw', 'vipw', 'allow'],
    ['single file: other app', '/etc/passwd', '/bin/cat', 'cat', 'deny'],
    ['single file: no exe, fail-closed filter', '/etc/passwd', null, 'x', 'deny'],
    ['read exception ps → /etc/passwd', '/etc/passwd', '/bin/ps', 'ps', 'allow'],
    ['read exception ls → /etc/group', '/etc/group', '/bin/ls', 'ls', 'allow'],
    ['ps is no exception for /etc/group', '/etc/group', '/bin/ps', 'ps', 'deny'],
    ['monitor-only directory never blocks', '/etc/shadow', '/bin/cat', 'cat', 'allow'],
    ['CRD filter apps are honoured (§8.7)', '/secrets/a.key', '/usr/bin/kms', 'kms', 'allow'],
    ['CRD filter: other app', '/secrets/a.key', '/bin/cat', 'cat', 'deny'],
    ['CRD filter: name outside its regex', '/secrets/a.txt', '/bin/cat', 'cat', 'allow'],
    ['wildcard directory, expanded by the watcher', '/srv/b/conf', '/bin/cat', 'cat', 'deny'],
    ['unwatched path', '/tmp/x', '/bin/cat', 'cat', 'allow'],
  ])('%s: %s by %s', (_, path, exe, comm, expected) => {
    expect(workerVerdict(table, path, NS, exe, comm)).toBe(expected);
    const f = coveredBy(path, protect.profile.all);
    const oracle = f === undefined ? 'allow' : checkAccess({ filter: f, rules: protect.accessRules, proc: { exePath: exe ?? '', name: comm }, path, isOpen: true }).verdict;
    expect(oracle).toBe(expected);
  });

  it('never decides for another mount namespace (the host reading the same files)', () => {
    expect(workerVerdict(table, '/data/x', NS + 1, '/bin/sh', 'sh')).toBe('allow');
    expect(workerVerdict(table, '/etc/passwd', NS + 1, '/bin/sh', 'sh')).toBe('allow');
  });

  it.each<[string, string, 'allow' | 'deny']>([
    ['fail-closed filter', '/etc/passwd', 'deny'],
    ['fail-open filter', '/data/x', 'allow'],
  ])('answers a process without readable namespace and exe (zombie leader) by the fail mode: %s', (_, path, expected) => {
    expect(workerVerdict(table, path, null, null, 'x')).toBe(expected);
    expect(workerVerdict(table, path, NS + 1, null, 'x')).toBe(expected);
  });

  it('marks the watched directories that hold tracked files, and covered files marked on their own', () => {
    const c = compileProtection({ ...base, policy: policy('Protect', [filter('/etc', '.*')], { '/etc/.*': rule([]) }) });
    expect(c.permissionMarks).toEqual([
      { path: '/etc', kind: 'dir' },
      { path: '/etc/hosts', kind: 'file' },
    ]);
    expect(compiled.permissionMarks.map((m) => m.path)).toEqual(['/data', '/data/sub', '/etc', '/secrets', '/srv/a', '/srv/b']);
  });

  it('matches filters against every view of a directory and keys the entry by its real path', () => {
    const t = target({ dirs: [{ path: '/usr/bin', views: ['/usr/bin', '/bin'], inode: '8:42' }] });
    const c = compileProtection({ ...base, target: t, policy: policy('Protect', [filter('/bin', '.*')], { '/bin/.*': rule(['sh']) }) });
    expect(c.permissionMarks).toEqual([{ path: '/usr/bin', kind: 'dir', inode: '8:42' }]);
    expect(c.entries).toEqual([expect.objectContaining({ path: '/usr/bin', name: '*', allow: ['sh'] })]);
  });

  it('renders paths and exe paths as the kernel shows a chroot-style root', () => {
    const t = target({ dirs: dirs('/data') }, { rootLink: '/tmp/r/rootfs' });
    const c = compileProtection({ ...base, target: t });
    expect(c.entries[0]).toMatchObject({ path: '/tmp/r/rootfs/data', allow: ['/usr/bin/cat', 'vi', '/tmp/r/rootfs/usr/bin/cat'] });
    expect(c.permissionMarks).toEqual([{ path: '/data', kind: 'dir' }]);
  });

  it.each<[string, Partial<CompileInput>, { held: boolean; otherwise?: string; marks: 'permission' | 'open' | 'none'; fallback?: boolean }]>([
    ['Protect', {}, { held: true, otherwise: 'deny', marks: 'permission' }],
    ['Protect with a decision hook', { askUnauthorized: true }, { held: true, otherwise: 'ask', marks: 'permission' }],
    ['Monitor, hold', { policy: { ...protect, mode: 'Monitor' } }, { held: true, otherwise: 'allow', marks: 'permission' }],
    ['Monitor, notify', { policy: { ...protect, mode: 'Monitor' }, observe: 'notify' }, { held: false, marks: 'open' }],
    ['Protect, kernel without permission events', { permissionSupported: false }, { held: false, marks: 'open', fallback: true }],
    ['Protect, suspended by the watchdog', { suspended: true }, { held: false, marks: 'open' }],
    ['Protect, system container', { target: { ...watched, capBlock: false } }, { held: false, marks: 'open', fallback: true }],
    ['Protect, aufs', { target: { ...watched, permissionCapable: false } }, { held: false, marks: 'open', fallback: true }],
    ['Protect, the host', { target: { ...watched, workload: { ...watched.workload, isHost: true } } }, { held: false, marks: 'open', fallback: true }],
  ])('%s', (_, over, want) => {
    const c = compileProtection({ ...base, ...over });
    expect(c.held).toBe(want.held);
    const own = c.entries.filter((e) => e.mntns !== '*');
    if (want.otherwise !== undefined) expect(new Set(own.map((e) => e.otherwise))).toEqual(new Set([want.otherwise]));
    expect(c.marks.length).toBeGreaterThan(0);
    expect(c.permissionMarks.length > 0).toBe(want.marks === 'permission');
    expect(c.entries.length > 0).toBe(want.held);
    expect(c.flags.fallbackReason !== undefined).toBe(want.fallback === true);
  });

  it('never refuses outside Protect: Monitor entries allow, whatever the fail mode', () => {
    const c = compileProtection({ ...base, policy: { ...protect, mode: 'Monitor' } });
    expect(c.entries.every((e) => e.otherwise === 'allow' && e.fail === 'allow')).toBe(true);
  });

  it('Discover tracks customer-added filters only, reports every open, and blocks nothing', () => {
    const p = policy('Discover', [data, etcMonitor], { '/data/.*': rule(['vi']) });
    const c = compileProtection({ ...base, policy: p });
    expect(new Set(c.entries.map((e) => e.path))).toEqual(new Set(['/data', '/data/sub']));
    expect(c.entries.every((e) => Array.isArray(e.allow) && e.allow.length === 0 && e.otherwise === 'allow')).toBe(true);
  });

  it.each<[string, Record<string, ReturnType<typeof rule>> | undefined, 'open' | 'closed', string | null, 'allow' | 'deny']>([
    ['no rule map, default open', undefined, 'open', '/bin/sh', 'allow'],
    ['no rule map, default closed', undefined, 'closed', '/bin/sh', 'deny'],
    ['rule map without the key → deny (seed)', { '/other/.*': rule(['sh']) }, 'open', '/bin/sh', 'deny'],
    ['rule without exe, closed', { '/data/.*': rule(['vi'], 'closed') }, 'open', null, 'deny'],
    ['rule without exe, open', { '/data/.*': rule(['vi'], 'open') }, 'closed', null, 'allow'],
  ])('fail modes: %s', (_, rules, defaultFailMode, exe, expected) => {
    const c = compileProtection({ ...base, policy: policy('Protect', [data], rules), defaultFailMode });
    expect(workerVerdict(asTable(c.entries), '/data/x', NS, exe, 'sh')).toBe(expected);
  });

  it('keeps its read exceptions in step with @fsmon/rules', () => {
    for (const [proc, path] of READ_EXCEPTIONS) expect(isReadException(proc, path)).toBe(true);
  });

  it('answers allow as FAN_ALLOW', () => {
    expect(VERDICT.allow).toBe(FAN_ALLOW);
  });
});
