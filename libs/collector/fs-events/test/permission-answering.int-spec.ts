// Real kernel, root: how the permission worker reads and answers (a blocking read woken by the
// wake mark, answers batched per read, tables taken before the next event, report modes). Every
// test marks only its own temporary directory; every wait is bounded.
import fs from 'node:fs';
import path from 'node:path';
import { makeTmpDir, runProcess, startProcess, tsNodeArgs, waitFor } from '@fsmon/testing';
import { FAN, type PermissionRule } from '../src';
import { permissionFixture } from './permission-responder.fixture';

/** Whether `pid` is blocked in open() waiting for a fanotify answer. */
const waitsForAnswer = (pid: number): boolean => {
  try {
    return fs.readFileSync(`/proc/${pid}/wchan`, 'utf8') === 'fanotify_handle_event';
  } catch {
    return false;
  }
};

describe('PermissionResponder answering', () => {
  const perm = permissionFixture('fsmon-perm-io-', ['secret', 'public', 'slow']);
  const { open, read, reports } = perm;

  it('sleeps in a blocking read, and process.exit() without close() does not wait for it', async () => {
    const monitor = startProcess('node', tsNodeArgs(path.join(__dirname, 'fixtures/permission-monitor.fixture.ts'), [perm.dir.path, 'exit']));
    try {
      // A worker asleep in read() that nobody woke would keep the exit waiting (Node joins workers).
      expect(await monitor.exited(30_000)).toBe(0);
      expect(JSON.parse(monitor.stdout().trim().split('\n').pop() ?? '{}')).toEqual({ sleepsIn: 'read' });
    } finally {
      monitor.kill('SIGKILL');
    }
  });

  it('wakes the worker to stop on close, also after its marks were flushed', async () => {
    const r = await open({});
    expect(await read('cat', 'public')).toMatchObject({ code: 0 });
    // A flush removes every inode mark, the wake mark too: it must come back.
    r.flush().mark({ path: perm.dir.path, mask: FAN.OPEN_PERM, onChild: true });
    expect(await read('cat', 'public')).toMatchObject({ code: 0 });
    await r.close();
    expect(r.counters()).toMatchObject({ events: 2, allowed: 2, fdsClosed: 2, wakeUps: 1, nonPermissionEvents: 0 });
  });

  it('decides with a new table from the next event on, without waking the worker', async () => {
    const r = await open({ rules: [{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: [], otherwise: 'deny' }] });
    expect(await read('cat', 'secret')).toMatchObject({ code: 1 });
    r.setRules([{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: ['cat'], otherwise: 'deny' }]);
    expect(await read('cat', 'secret')).toMatchObject({ code: 0 });
    expect(r.counters().wakeUps).toBe(0);
    await waitFor(() => reports.length === 2, 'two reports');
    expect(reports.map((x) => [x.verdict, x.reason])).toEqual([
      ['deny', 'otherwise'],
      ['allow', 'app-allowed'],
    ]);
  });

  it('answers the events of one read with one write, each exactly once, fds closed', async () => {
    const openers: Array<ReturnType<typeof startProcess>> = [];
    const r = await open({
      deadlineMs: 20_000,
      rules: [{ id: 'slow', path: path.join(perm.dir.path, 'slow'), match: 'file', allow: [], otherwise: 'ask' }],
      // Holds the worker until every opener below waits in the kernel queue behind it.
      onAsk: async (): Promise<'allow'> => {
        await waitFor(() => openers.length === 8 && openers.every((o) => waitsForAnswer(o.pid)), 'eight opens queued', 10_000);
        return 'allow';
      },
    });
    const slow = startProcess('cat', [path.join(perm.dir.path, 'slow')]);
    await waitFor(() => r.counters().asked === 1, 'the ask');
    for (let i = 0; i < 8; i++) openers.push(startProcess('cat', [path.join(perm.dir.path, i % 2 === 0 ? 'public' : 'secret')]));
    for (const o of [slow, ...openers]) expect(await o.exited(10_000)).toBe(0);
    const c = r.counters();
    expect(c).toMatchObject({ events: 9, allowed: 9, fdsClosed: 9, responseErrors: 0 });
    // The ask's answer alone, then the eight queued ones together (one read, one writev).
    expect(c.responseWrites).toBe(2);
  });

  it("does not report events a rule allowed outright with report: 'unallowed'", async () => {
    const r = await open({
      report: 'unallowed',
      rules: [
        { id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: ['head'], otherwise: 'deny' },
        { id: 'pub', path: path.join(perm.dir.path, 'public'), match: 'file', allow: '*', otherwise: 'deny' },
      ],
    });
    expect(await read('head', 'secret')).toMatchObject({ code: 0 });
    expect(await read('cat', 'public')).toMatchObject({ code: 0 });
    expect(await read('cat', 'secret')).toMatchObject({ code: 1 });
    await waitFor(() => reports.length === 1, 'the deny report');
    expect(reports[0]).toMatchObject({ comm: 'cat', verdict: 'deny', reason: 'otherwise', rule: 'sec', euid: 0 });
    await r.close();
    expect(reports).toHaveLength(1);
  });

  describe("with report: 'unallowed', a cached process every rule allows", () => {
    const rule = (name: string, allow: string[]): PermissionRule => ({ id: name, path: path.join(perm.dir.path, name), match: 'file', allow, otherwise: 'deny' });

    it('is allowed without a path read, and decided in full again once it execs another program', async () => {
      const r = await open({ report: 'unallowed', rules: [rule('secret', ['bash']), rule('public', ['bash'])] });
      // bash: the first open caches the process (full decision), the next two take the shortcut;
      // then the same pid execs cat (another binary), which no rule allows.
      const run = await runProcess('bash', ['-c', 'read x < "$0/secret" && read y < "$0/public" && read z < "$0/secret" && exec cat "$0/secret"', perm.dir.path], 10_000);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Operation not permitted');
      expect(r.counters()).toMatchObject({ events: 4, allowed: 3, denied: 1, pathFreeAllows: 2 });
      await waitFor(() => reports.length === 1, 'the deny report');
      expect(reports[0]).toMatchObject({ comm: 'cat', verdict: 'deny', reason: 'otherwise', rule: 'secret' });
    });

    it('is decided in full when one rule does not allow it', async () => {
      const r = await open({ report: 'unallowed', rules: [rule('secret', ['bash']), rule('public', ['head'])] });
      const run = await runProcess('bash', ['-c', 'read x < "$0/secret" && read y < "$0/secret" && read z < "$0/public"', perm.dir.path], 10_000);
      expect(run.code).toBe(1);
      expect(r.counters()).toMatchObject({ events: 3, allowed: 2, denied: 1, pathFreeAllows: 0 });
    });

    it('loses the shortcut with a table that no longer allows it', async () => {
      const r = await open({ report: 'unallowed', rules: [rule('secret', ['bash'])] });
      const loop = startProcess('bash', ['-c', 'while :; do if read x < "$0/secret"; then echo ok; else echo denied; fi; sleep 0.02; done', perm.dir.path]);
      try {
        await waitFor(() => r.counters().pathFreeAllows >= 2, 'shortcut allows');
        expect(loop.stdout()).not.toContain('denied');
        r.setRules([rule('secret', ['cat'])]);
        await waitFor(() => loop.stdout().includes('denied'), 'the loop denied');
        expect(r.counters().denied).toBeGreaterThan(0);
      } finally {
        loop.kill('SIGKILL');
        await loop.exited(10_000);
      }
    });
  });

  it('reports the name a process has now when it was allowed by exe path after a rename', async () => {
    // Allowed by its exe path, the name is not read for the verdict; the report still carries the current one.
    const busybox = fs.realpathSync('/usr/bin/busybox');
    await open({ report: 'all', rules: [{ id: 'sec', path: path.join(perm.dir.path, 'secret'), match: 'file', allow: [busybox], otherwise: 'deny' }] });
    const links = makeTmpDir('fsmon-perm-io-bin-');
    try {
      for (const name of ['sh', 'cat']) fs.symlinkSync(busybox, path.join(links.path, name));
      const sh = path.join(links.path, 'sh');
      const r = await runProcess(sh, ['-c', `read x < "$0"; exec ${path.join(links.path, 'cat')} "$0"`, path.join(perm.dir.path, 'secret')], 10_000);
      expect(r).toMatchObject({ code: 0, stdout: 'secret\n' });
      await waitFor(() => reports.length === 2, 'two reports');
      expect(reports.map((x) => [x.comm, x.verdict, x.reason])).toEqual([
        ['sh', 'allow', 'app-allowed'],
        ['cat', 'allow', 'app-allowed'],
      ]);
    } finally {
      links.remove();
    }
  });
});
