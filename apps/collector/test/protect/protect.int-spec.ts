// Real kernel, root: Protect mode on namespace containers (busybox rootfs in a private temporary
// directory, own mount and pid namespaces, chroot). Permission marks land only on the test's own
// rootfs directories; every command is bounded; the service stops (and answers what is queued)
// after each test.
import fs from 'node:fs';
import path from 'node:path';
 
import { runProcess } from '@fsmon/testing';
import { PasswdCache } from '../../src/attribution/passwd.cache';
import { ProcInfoResolver } from '../../src/attribution/proc-info.resolver';
import { hostMountNamespace } from '../../src/containers/host-namespace';
import { filter, group, rule } from '../policy/policy.fixtures';
import { NsContainer } from './support/ns-container';
import { ProtectHarness } from './support/protect.harness';

const EPERM = /Operation not permitted/;

describe('Protect mode (namespace containers)', () => {
  let c: NsContainer;
  let h: ProtectHarness;

  beforeAll(async () => {
    c = await NsContainer.start('protect');
    c.file('/data/secret.txt', 'secret\n');
    c.file('/data/notes.txt', 'notes\n');
    c.file('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n');
    c.installNative('zombie-opener');
    c.installNative('open-then-exec');
  }, 90_000);
  afterAll(async () => c?.stop());
  afterEach(async () => h?.stop());

  const protectData = (revision: number, apps: string[], failMode: 'open' | 'closed' = 'open') =>
    group('g-data', {
      revision,
      mode: 'Protect',
      selector: { ids: [c.workload().identity?.id ?? ''] },
      filters: [filter('/data', '.*', { behavior: 'block_access', recursive: true })],
      rules: { '/data/.*': { ...rule(apps), failMode } },
    });
  const target = () => ({ workload: c.workload(), capBlock: true, dirs: [{ path: '/data' }], files: [] });

  async function start(revision: number, apps: string[], failMode: 'open' | 'closed' = 'open'): Promise<void> {
    h = await new ProtectHarness().start();
    h.apply(protectData(revision, apps, failMode));
    h.upsert(target());
  }

  it('refuses an app not allowed (EPERM, deny report), lets an allowed one read, applies a rule update live', async () => {
    await start(1, ['head']);
    const denied = await c.run('cat /data/secret.txt');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(EPERM);
    expect(await c.run('head /data/secret.txt')).toMatchObject({ code: 0, stdout: 'secret\n' });

    const e = await h.event((x) => x.kind === 'Denied', 'a deny report for cat');
    expect(e).toMatchObject({
      path: '/data/secret.txt',
      msg: 'File access was denied.',
      decision: 'denied',
      filterKey: '/data/.*',
      group: 'g-data',
      protect: true,
      container: { id: c.workload().identity?.id },
      rootPid: c.pid,
    });
    expect(e.procs[0]).toMatchObject({ name: 'cat', path: '/bin/busybox', deny: true, inProfile: false });
    expect(h.raw.invalid).toEqual([]);

    h.apply(protectData(2, ['head', 'cat']));
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0, stdout: 'secret\n' });
    expect(h.service.status()).toMatchObject({ appliedRevision: 2, permissionEvents: true, workloads: [{ permission: true, mode: 'Protect' }] });
    expect(h.service.status().counters['reports.blocked']).toBe(1);
  });

  it("names a denied process's user from the container's own /etc/passwd", async () => {
    c.file('/etc/passwd', 'root:x:0:0::/root:/bin/sh\nzed:x:4242:4242::/:/bin/sh\n');
    const procs = new ProcInfoResolver({ procDir: '/proc', hostMntns: hostMountNamespace('/proc'), maxEntries: 1000 });
    h = await new ProtectHarness({}, undefined, undefined, { procs, users: new PasswdCache() }).start();
    h.apply(protectData(1, ['head']));
    h.upsert(target());
    // The shell opens the file itself (a redirection) and is still there when the report is read.
    for (const [uid, user] of [[4242, 'zed'], [0, 'root']] as const) {
      const r = await c.run('read x < /data/secret.txt; sleep 1', 10_000, uid);
      expect(r.stderr).toMatch(EPERM);
      const e = await h.event((x) => x.kind === 'Denied' && x.procs[0]?.euid === uid, `a deny report for uid ${uid}`);
      expect(e.procs[0]).toMatchObject({ euid: uid, euser: user, path: '/bin/busybox', deny: true });
    }
    c.file('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n');
  });

  it('applies rule changes incrementally: no re-mark, no moment a denied app gets through', async () => {
    await start(1, ['head']);
    const marked = h.service.status().counters['marks.marked'];
    const loop = c.spawn('i=0; while [ $i -lt 400 ]; do cat /data/secret.txt >/dev/null 2>&1 && echo LEAK; i=$((i+1)); done; echo done');
    for (let rev = 2; rev <= 40; rev++) {
      h.apply(protectData(rev, rev % 2 === 0 ? ['head', 'vi'] : ['head']));
      h.upsert(target());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await loop.exited(30_000)).toBe(0);
    expect(loop.stdout()).toBe('done\n');
    const s = h.service.status();
    expect(s.appliedRevision).toBe(40);
    expect(s.counters['marks.marked']).toBe(marked);
    expect(s.counters['marks.unmarked']).toBe(0);
  });

  // An exec keeps the pid and start time: the permission worker's process cache re-checks the exe
  // and the name on every hit (libs/shared/ffi proc-info.js), so the new program is judged afresh.
  it('judges a process by the program it runs after an exec, not the one before', async () => {
    await start(1, ['open-then-exec']);
    const r = await c.run('open-then-exec /data/secret.txt /bin/cat /data/secret.txt');
    expect(r.stdout).toMatch(/^open: ok\n/);
    expect(r.stderr).toMatch(EPERM);
  });

  it('matches allow-lists by exe path inside the container', async () => {
    await start(1, ['/bin/busybox']);
    expect(await c.run('cat /data/notes.txt')).toMatchObject({ code: 0 });
  });

  it('never blocks the host, even on the same files', async () => {
    await start(1, []);
    expect((await c.run('cat /data/secret.txt')).code).toBe(1);
    const host = await runProcess('cat', [path.join(c.root, 'data/secret.txt')]);
    expect(host).toMatchObject({ code: 0, stdout: 'secret\n' });

    const hostDir = fs.mkdtempSync(path.join(c.tmp.path, 'host-'));
    fs.writeFileSync(path.join(hostDir, 'f'), 'host\n');
    h.apply(group('nodes', { revision: 3, mode: 'Protect', filters: [filter(hostDir, '.*', { behavior: 'block_access' })], rules: { [`${hostDir}/.*`]: rule([]) } }));
    h.upsert({
      workload: { key: 'host', isHost: true, rootPid: 1, mntns: 0, rootPath: '', rootLink: '/', identity: null },
      capBlock: true,
      dirs: [{ path: hostDir }],
      files: [],
    });
    expect(await runProcess('cat', [path.join(hostDir, 'f')])).toMatchObject({ code: 0 });
    const hostStatus = h.service.status().workloads.find((w) => w.key === 'host');
    expect(hostStatus).toMatchObject({ mode: 'Monitor', permission: false, held: false, fallbackReason: expect.stringMatching(/host/) });
    expect(h.service.notificationOpens('host')).toBe(true);
  });

  it.each([
    ['closed', 1, /Operation not permitted/],
    ['open', 0, /open: ok/],
  ] as const)('fail-%s: a process whose exe cannot be read', async (failMode, code, out) => {
    await start(1, ['head'], failMode);
    const r = await c.run('zombie-opener /data/secret.txt');
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
    if (failMode === 'closed') {
      expect(h.service.status().counters['permission.failVerdicts']).toBeGreaterThanOrEqual(1);
      const e = await h.event((x) => x.kind === 'Denied', 'a deny report for the exe-less process');
      expect(e.procs[0]).toMatchObject({ path: '', deny: true });
    }
  });

  it('keeps a single-file rule inside a monitored directory, and the ps read exception', async () => {
    h = await new ProtectHarness().start();
    h.apply(
      group('g-etc', {
        revision: 1,
        mode: 'Protect',
        selector: { ids: [c.workload().identity?.id ?? ''] },
        filters: [filter('/etc', '.*', { customerAdd: false }), filter('/etc/passwd', '', { behavior: 'block_access' })],
        rules: { '/etc/passwd/': rule(['head']) },
      }),
    );
    h.upsert({ workload: c.workload(), capBlock: true, dirs: [{ path: '/etc' }], files: [] });
    expect((await c.run('cat /etc/passwd')).stderr).toMatch(EPERM);
    expect(await c.run('head -n1 /etc/passwd')).toMatchObject({ code: 0 });
    // busybox ps names users from /etc/passwd: "root" only appears when its open was allowed.
    expect(await c.run('ps -o user,comm')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^root +ps$/m) });
  });

  it('honours the allowed apps of a CRD filter (§8.7), also in a CRD-only profile (§8.6)', async () => {
    h = await new ProtectHarness().start();
    const crd = group('g-crd', {
      revision: 1,
      mode: 'Protect',
      selector: { ids: [c.workload().identity?.id ?? ''] },
      filtersCRD: [filter('/data', '.*', { behavior: 'block_access' })],
    });
    h.apply({ ...crd, accessRule: { ...crd.accessRule, filtersCRD: { '/data/.*': rule(['head']) } } });
    h.upsert(target());
    expect((await c.run('cat /data/secret.txt')).stderr).toMatch(EPERM);
    expect(await c.run('head /data/secret.txt')).toMatchObject({ code: 0, stdout: 'secret\n' });
  });

  it("answers the collector's own opens at once, even of a file it refuses everyone else (§8.14)", async () => {
    h = await new ProtectHarness({ probeIntervalMs: 0 }).start();
    h.apply(protectData(1, [], 'closed'));
    h.upsert(target());
    expect((await c.run('cat /data/secret.txt')).stderr).toMatch(EPERM);
    const self = h.service.status().counters['permission.self'];
    // The same inode through the container's root: the directory mark sees this open too.
    expect(fs.readFileSync(path.join(c.workload().rootPath, 'data/secret.txt'), 'utf8')).toBe('secret\n');
    expect(h.service.status().counters['permission.self']).toBe(self + 1);
  });

  it('Monitor mode reports an app not allowed without blocking it', async () => {
    h = await new ProtectHarness().start();
    h.apply({ ...protectData(1, ['head']), profile: { ...protectData(1, ['head']).profile, mode: 'Monitor' } });
    h.upsert(target());
    expect(await c.run('cat /data/notes.txt')).toMatchObject({ code: 0, stdout: 'notes\n' });
    expect(await c.run('head /data/notes.txt')).toMatchObject({ code: 0 });
    const e = await h.event((x) => x.path === '/data/notes.txt', 'an unauthorized-access report');
    expect(e).toMatchObject({ kind: 'Accessed', msg: 'File was accessed.', decision: 'denied', protect: true });
    expect(e.procs.map((p) => [p.name, p.deny])).toEqual([['cat', false]]);
    expect(h.service.status().workloads[0]).toMatchObject({ mode: 'Monitor', held: true, permission: false });
  });

  it('without permission events Protect observes only, and says so', async () => {
    h = await new ProtectHarness({ permission: 'off' }).start();
    h.apply(protectData(1, []));
    h.upsert(target());
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0 });
    const s = h.service.status();
    expect(s).toMatchObject({ permissionEvents: false, notes: [expect.stringMatching(/permission events disabled/)] });
    expect(s.workloads[0]).toMatchObject({ mode: 'Protect', permission: false, held: false, fallbackReason: expect.stringMatching(/not supported/) });
    expect(h.service.notificationOpens(c.workload().key)).toBe(true);
    expect(h.service.observeOpen(c.workload().key, '/data/secret.txt', { exe: '/bin/busybox', name: 'cat' })).toEqual({ decision: 'denied', inProfile: false });
  });

  it("a watcher's coverage hint is never read stale: each policy change is judged by the filters then in force", async () => {
    h = await new ProtectHarness({ permission: 'off' }).start();
    h.apply(protectData(1, []));
    h.upsert(target());
    const key = c.workload().key;
    const cat = { exe: '/bin/busybox', name: 'cat' };
    const hint = { coverList: null, coverFilter: null };
    const observe = () => h.service.observeOpen(key, '/data/secret.txt', cat, hint);
    expect(observe()).toEqual({ decision: 'denied', inProfile: false });
    expect(hint.coverFilter).toMatchObject({ path: '/data', behavior: 'block_access' });

    // Revision 2: /data is no longer a tracked filter (only /logs is): the same hint must not keep /data's answer.
    h.apply(group('g-data', { revision: 2, mode: 'Protect', selector: { ids: [c.workload().identity?.id ?? ''] }, filters: [filter('/logs', '.*', { behavior: 'block_access' })], rules: {} }));
    expect(observe()).toEqual({ decision: 'none', inProfile: false });
    expect(hint.coverFilter).toBeNull();

    // Revision 3: /data again, cat now allowed.
    h.apply(protectData(3, ['cat']));
    expect(observe()).toEqual({ decision: 'allowed', inProfile: true });
    expect(hint.coverFilter).toMatchObject({ path: '/data' });
    // With or without the hint, the same answer.
    expect(h.service.observeOpen(key, '/data/secret.txt', cat)).toEqual(observe());
  });

  it('a system container (capBlock false) is never blocked', async () => {
    h = await new ProtectHarness().start();
    h.apply(protectData(1, []));
    h.upsert({ ...target(), capBlock: false });
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0 });
    expect(h.service.status().workloads[0]).toMatchObject({ permission: false, fallbackReason: expect.stringMatching(/system/) });
  });
});
