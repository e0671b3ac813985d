// Real kernel, root: permission events answered by the worker. Every test marks only its own
// temporary directory, runs the workload as child processes, and is bounded (deadline + timeouts).
import fs from 'node:fs';
import path from 'node:path';
import { makeTmpDir, runProcess, startProcess, tsNodeArgs, waitFor } from '@fsmon/testing';
import { PermissionResponder } from '../src';
import { permissionFixture } from './permission-responder.fixture';

const ownMntns = Number(/\d+/.exec(fs.readlinkSync('/proc/self/ns/mnt'))?.[0]);

describe(PermissionResponder.name, () => {
  const perm = permissionFixture('fsmon-perm-', ['secret', 'public', 'x.key', 'x.txt']);
  const { open, read, reports } = perm;

  it('denies a process not on the allow-list (EPERM) and allows one that is', async () => {
    const r = await open({ rules: [{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: ['head'], otherwise: 'deny' }] });
    const denied = await read('cat', 'secret');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Operation not permitted/);
    expect(await read('head', 'secret')).toMatchObject({ code: 0 });
    expect(await read('cat', 'public')).toMatchObject({ code: 0 });
    await waitFor(() => reports.length === 2, 'two reports (unmatched events are not reported)');
    expect(reports.map((x) => [x.comm, x.verdict, x.reason, x.rule])).toEqual([
      ['cat', 'deny', 'otherwise', 'sec'],
      ['head', 'allow', 'app-allowed', 'sec'],
    ]);
    expect(reports[0]).toMatchObject({ path: path.join(perm.dir.path, 'secret'), exe: expect.stringMatching(/\/cat$/), mntns: ownMntns });
    expect(r.counters()).toMatchObject({ events: 3, allowed: 2, denied: 1, noRule: 1, fdsClosed: 3, responseErrors: 0 });
  });

  // An exec keeps the pid and the start time: the verdict must be the new program's. The shell is
  // allowed by name (comm 'sh'), opens the file itself (a redirection), then execs cat in place.
  it.each([
    ['another binary', 'sh', 'cat'],
    // busybox applets are one binary: the exe link stays /usr/bin/busybox and only the name changes.
    ['the same binary under another name (busybox)', 'busybox-links/sh', 'busybox-links/cat'],
  ])('judges a process by the program it runs after an exec of %s', async (_what, shell, cat) => {
    const links = makeTmpDir('fsmon-perm-bin-');
    for (const name of ['sh', 'cat']) fs.symlinkSync('/usr/bin/busybox', path.join(links.path, name));
    const bin = (name: string): string => (name.startsWith('busybox-links/') ? path.join(links.path, path.basename(name)) : name);
    try {
      await open({ rules: [{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: ['sh'], otherwise: 'deny' }] });
      const r = await runProcess(bin(shell), ['-c', `read x < "$0" && echo "open: $x"; exec ${bin(cat)} "$0"`, path.join(perm.dir.path, 'secret')], 10_000);
      expect(r.stdout).toBe('open: secret\n');
      expect(r.stderr).toMatch(/Operation not permitted/);
      expect(r.code).toBe(1);
      await waitFor(() => reports.length === 2, 'the reports of both opens');
      expect(reports.map((x) => [x.comm, x.verdict, x.reason])).toEqual([
        ['sh', 'allow', 'app-allowed'],
        ['cat', 'deny', 'otherwise'],
      ]);
      expect(reports[1].pid).toBe(reports[0].pid);
    } finally {
      links.remove();
    }
  });

  it('reports the euid of a denied process, read while it waited (also a short-lived one)', async () => {
    // uid 4242 must reach the file through the permission checks that come before fanotify's.
    fs.chmodSync(perm.dir.path, 0o755);
    fs.chmodSync(path.join(perm.dir.path, 'secret'), 0o644);
    const links = makeTmpDir('fsmon-perm-bin-');
    const sh = path.join(links.path, 'sh');
    fs.symlinkSync('/usr/bin/busybox', sh);
    fs.chmodSync(links.path, 0o755);
    const secret = path.join(perm.dir.path, 'secret');
    const asUser = ['/usr/bin/setpriv', '--reuid=4242', '--regid=4242', '--clear-groups'];
    try {
      await open({ rules: [{ id: 'sec', path: secret, match: 'file', allow: [], otherwise: 'deny' }] });
      expect(await runProcess(asUser[0], [...asUser.slice(1), 'cat', secret])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Operation not permitted/) });
      expect(await read('cat', 'secret')).toMatchObject({ code: 1 });
      // One process, the same program under the same name before and after a setuid exec: a cache
      // hit, so the euid must not come from the cache.
      const r = await runProcess(sh, ['-c', `read x < "$0"; exec ${asUser.join(' ')} ${sh} -c 'read x < "$0"' "$0"`, secret]);
      expect(r.stderr.match(/Operation not permitted/g)).toHaveLength(2);
      await waitFor(() => reports.length === 4, 'four deny reports');
      expect(reports.map((x) => [x.comm, x.verdict, x.euid])).toEqual([
        ['cat', 'deny', 4242],
        ['cat', 'deny', 0],
        ['sh', 'deny', 0],
        ['sh', 'deny', 4242],
      ]);
      expect(reports[3].pid).toBe(reports[2].pid);
    } finally {
      links.remove();
    }
  });

  it("holds a process's /proc fds while it is cached and closes them when it stops", async () => {
    /** This process's fds on a /proc/<pid> directory or comm file (the worker shares the fd table). */
    const procFds = (pid: number): string[] =>
      fs.readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
          return target === `/proc/${pid}` || target === `/proc/${pid}/comm` ? [target] : [];
        } catch {
          return [];
        }
      });
    const r = await open({ rules: [{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: ['sh'], otherwise: 'deny' }] });
    const shell = startProcess('sh', ['-c', 'read x < "$0" && echo opened && exec sleep 30', path.join(perm.dir.path, 'secret')]);
    try {
      await shell.line(/^opened$/, 10_000);
      expect(procFds(shell.pid).sort()).toEqual([`/proc/${shell.pid}`, `/proc/${shell.pid}/comm`]);
      await r.close();
      expect(procFds(shell.pid)).toEqual([]);
    } finally {
      shell.kill('SIGKILL');
    }
  });

  it('matches directory children by name pattern, and exe paths', async () => {
    await open({ rules: [{ id: 'keys', path: perm.dir.path, match: 'children', name: '*.key', allow: ['/usr/bin/head'], otherwise: 'deny' }] });
    expect(await read('cat', 'x.key')).toMatchObject({ code: 1 });
    expect(await read('head', 'x.key')).toMatchObject({ code: 0 });
    expect(await read('cat', 'x.txt')).toMatchObject({ code: 0 });
  });

  it('applies rules of the process mount namespace and of every namespace, not of others', async () => {
    const secret = path.join(perm.dir.path, 'secret');
    const r = await open({ rules: [{ id: 'other-ns', mntns: ownMntns + 1, path: secret, match: 'file', allow: [], otherwise: 'deny' }] });
    expect(await read('cat', 'secret')).toMatchObject({ code: 0 });
    r.setRules([{ id: 'own-ns', mntns: ownMntns, path: secret, match: 'file', allow: [], otherwise: 'deny' }]);
    expect(await read('cat', 'secret')).toMatchObject({ code: 1 });
    r.setRules([{ id: 'any-ns', path: secret, match: 'file', allow: '*', otherwise: 'deny' }]);
    expect(await read('cat', 'secret')).toMatchObject({ code: 0 });
    await waitFor(() => reports.length === 2, 'reports of the matched events');
    expect(reports.map((x) => [x.rule, x.reason])).toEqual([
      ['own-ns', 'otherwise'],
      ['any-ns', 'allow-all'],
    ]);
  });

  it("asks the main thread for 'ask' rules", async () => {
    await open({
      rules: [{ id: 'ask', path: perm.dir.path, match: 'children', allow: [], otherwise: 'ask' }],
      onAsk: async (ask) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return ask.comm === 'head' ? 'allow' : 'deny';
      },
    });
    expect(await read('head', 'public')).toMatchObject({ code: 0 });
    expect(await read('cat', 'public')).toMatchObject({ code: 1 });
    await waitFor(() => reports.length === 2, 'two reports');
    expect(reports.map((x) => x.reason)).toEqual(['asked', 'asked']);
  });

  it.each([
    ['hangs', (): Promise<'allow'> => new Promise(() => undefined), 'ask-timeout', 'askTimeouts'],
    ['throws', (): 'allow' => { throw new Error('decision failed'); }, 'ask-failed', 'askFailures'],
  ] as const)('uses the fail verdict when the decision callback %s', async (_name, onAsk, reason, counter) => {
    const r = await open({ deadlineMs: 100, onAsk, rules: [{ id: 'ask', path: perm.dir.path, match: 'children', allow: [], otherwise: 'ask', fail: 'deny' }] });
    expect(await read('cat', 'public')).toMatchObject({ code: 1 });
    await waitFor(() => reports.length === 1, 'one report');
    expect(reports[0]).toMatchObject({ verdict: 'deny', reason });
    expect(r.counters()[counter]).toBe(1);
  });

  it('answers within the deadline while the main thread is stalled', async () => {
    const marker = path.join(makeTmpDir('fsmon-perm-marker-').path, 'done');
    await open({ deadlineMs: 50, onAsk: () => 'deny', rules: [{ id: 'ask', path: perm.dir.path, match: 'children', allow: [], otherwise: 'ask', fail: 'allow' }] });
    const file = path.join(perm.dir.path, 'public');
    const child = startProcess('sh', ['-c', `cat "$0" "$0" "$0" > /dev/null && touch "$1"`, file, marker]);
    // Block this thread (no event loop, so no onAsk) until the child is done or 10 s passed.
    const end = Date.now() + 10_000;
    while (!fs.existsSync(marker) && Date.now() < end) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    expect(fs.existsSync(marker)).toBe(true);
    expect(await child.exited(5000)).toBe(0);
    fs.rmSync(path.dirname(marker), { recursive: true });
  });

  it('answers pending events with the shutdown verdict on close', async () => {
    const r = await open({ deadlineMs: 20_000, onAsk: () => new Promise(() => undefined), rules: [{ id: 'ask', path: perm.dir.path, match: 'children', allow: [], otherwise: 'ask', fail: 'deny' }] });
    const child = startProcess('cat', [path.join(perm.dir.path, 'public')]);
    await waitFor(() => r.counters().asked === 1, 'the open to be asked about');
    await r.close();
    expect(await child.exited(5000)).toBe(0);
    expect(r.counters()).toMatchObject({ shutdownAnswers: 1, askTimeouts: 0, allowed: 1 });
    expect(reports.map((x) => x.reason)).toEqual(['shutdown']);
  });

  it("reports every event with report: 'all'", async () => {
    await open({ report: 'all' });
    expect(await read('cat', 'public')).toMatchObject({ code: 0 });
    await waitFor(() => reports.length === 1, 'one report');
    expect(reports[0]).toMatchObject({ path: path.join(perm.dir.path, 'public'), verdict: 'allow', reason: 'no-rule', rule: null });
  });

  it("allows the monitor's own opens without asking (counted)", async () => {
    const monitor = startProcess('node', tsNodeArgs(path.join(__dirname, 'fixtures/permission-monitor.fixture.ts'), [perm.dir.path, 'self']));
    expect(await monitor.exited(45_000)).toBe(0);
    const out = JSON.parse(monitor.stdout().trim().split('\n').pop() ?? '{}') as { content: string; counters: Record<string, number> };
    expect(out.content).toBe('secret\n');
    expect(out.counters).toMatchObject({ self: 1, denied: 0, asked: 0 });
  });

  it('leaves no process blocked when the monitor is killed mid-storm', async () => {
    perm.dir.file('slow1', 'z');
    const monitor = startProcess('node', tsNodeArgs(path.join(__dirname, 'fixtures/permission-monitor.fixture.ts'), [perm.dir.path, 'storm']));
    try {
      await monitor.line(/^ready$/, 45_000);
      const storm = `i=0; while [ $i -lt 300 ]; do cat "$0" > /dev/null || exit 1; i=$((i+1)); [ $i = 50 ] && echo started; done; echo finished`;
      const opener = startProcess('sh', ['-c', storm, path.join(perm.dir.path, 'public')]);
      await opener.line(/^started$/, 10_000);
      // An open nobody will answer: the worker waits on it (30 s deadline), so the storm queues up.
      const blocked = startProcess('cat', [path.join(perm.dir.path, 'slow1')]);
      await monitor.line(/^asked$/, 10_000);
      monitor.kill('SIGKILL');
      expect(await blocked.exited(5000)).toBe(0);
      expect(await opener.exited(10_000)).toBe(0);
      expect(opener.stdout()).toMatch(/finished/);
    } finally {
      monitor.kill('SIGKILL');
    }
  });
});
