// Real kernel: each errno that can be provoked here comes back as a named FsEventsError that says
// what to do. Limits and privilege checks run in a child in a user namespace whose own
// /proc/sys/user limits the test sets (the host's limits are never touched); ENOSYS in a child
// under a seccomp filter (native/kernel-edge/without-fanotify.c, compiled with cc).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { type TmpDir, makeTmpDir, runProcess, tsNodeArgs } from '@fsmon/testing';
import { FAN, FanotifySource, FsEventsError, type KernelCapabilities, PermissionResponder } from '../src';
import { FanotifyGroup } from '../src/fanotify-group';

describe(FsEventsError.name, () => {
  let dir: TmpDir;
  beforeAll(() => {
    dir = makeTmpDir('fsmon-err-');
    for (const d of ['d0', 'd1', 'd2']) dir.dir(d);
    dir.file('plain', 'x');
  });
  afterAll(() => dir.remove());

  it.each([
    ['permission-group', '', 'needs-privilege', 'EPERM', null],
    ['mount-mark', '', 'needs-privilege', 'EPERM', null],
    ['inotify-watches', 'max_inotify_watches=2', 'limit-reached', 'ENOSPC', 'fs.inotify.max_user_watches'],
    ['inotify-instances', 'max_inotify_instances=1', 'limit-reached', 'EMFILE', 'fs.inotify.max_user_instances'],
    ['fanotify-marks', 'max_fanotify_marks=2', 'limit-reached', 'ENOSPC', 'fs.fanotify.max_user_marks'],
    ['fanotify-groups', 'max_fanotify_groups=1', 'limit-reached', 'EMFILE', 'fs.fanotify.max_user_groups'],
  ])('%s in a user namespace (%s) → %s / %s', async (scenario, limit, code, errno, limitName) => {
    const [knob, value] = limit.split('=');
    const script = (limit ? `echo ${value} > /proc/sys/user/${knob} && ` : '') + 'exec node "$@"';
    const fixture = path.join(__dirname, 'fixtures/limits.fixture.ts');
    const result = await runProcess('unshare', ['-U', '-r', 'sh', '-c', script, 'sh', ...tsNodeArgs(fixture, [scenario, dir.path])], 45_000);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(out).toMatchObject({ ok: false, isFsEventsError: true, code, errno, limit: limitName });
    if (limitName) expect(out.message).toContain(`sysctl -w ${limitName}=`);
    else expect(out.message).toContain('CAP_SYS_ADMIN');
  });

  describe('ENOSYS: fanotify missing (a seccomp filter, as a container profile may set)', () => {
    const withoutFanotify = (args: string[]): Promise<{ code: number | string; stdout: string }> =>
      runProcess(path.join(dir.path, 'without-fanotify'), ['node', ...tsNodeArgs(path.join(__dirname, 'fixtures/limits.fixture.ts'), args)], 45_000);
    beforeAll(() => {
      execFileSync('cc', ['-O2', '-o', path.join(dir.path, 'without-fanotify'), path.join(__dirname, '../../../../native/kernel-edge/without-fanotify.c')], { timeout: 60_000 });
    });

    it('opening a source names it and points to inotify', async () => {
      const result = await withoutFanotify(['fanotify-source', dir.path]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({
        ok: false,
        isFsEventsError: true,
        code: 'no-fanotify',
        errno: 'ENOSYS',
        message: expect.stringContaining('use inotify'),
      });
    });

    it('the probe says so, and that inotify is there to fall back to', async () => {
      const result = await withoutFanotify(['probe', dir.path]);
      expect(result.code).toBe(0);
      const caps = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as KernelCapabilities;
      expect(caps).toMatchObject({ fanotify: false, permissionEvents: false, fid: false, inotify: true });
      expect(caps.notes.join('\n')).toMatch(/ENOSYS: this kernel has no fanotify/);
    });
  });

  it("ENOENT: marking a missing path names it", async () => {
    const source = FanotifySource.open({ report: 'fid' });
    try {
      const missing = path.join(dir.path, 'missing');
      expect(() => source.mark({ path: missing, mask: FAN.OPEN })).toThrow(expect.objectContaining({ code: 'no-such-path', errno: 'ENOENT', message: expect.stringContaining(missing) }));
    } finally {
      await source.close();
    }
  });

  it('ENOTDIR: onlyDir on a file', async () => {
    const source = FanotifySource.open({ report: 'fid' });
    expect(() => source.mark({ path: path.join(dir.path, 'plain'), mask: FAN.OPEN, onlyDir: true })).toThrow(expect.objectContaining({ code: 'not-a-directory' }));
    await source.close();
  });

  it('EINVAL: a flag this kernel refuses is named, and auto mode takes the fallback', () => {
    expect(() => FanotifyGroup.open({ class: 'content', report: 'fid' })).toThrow(expect.objectContaining({ code: 'unsupported', errno: 'EINVAL' }));
    const group = FanotifyGroup.open({ class: 'content', report: 'auto' });
    try {
      expect(group.report).toBe('fd');
      expect(group.fallback).toMatch(/EINVAL.*fallback taken: fd mode/);
    } finally {
      group.close();
    }
  });

  it('EINVAL: an event an fd-mode group cannot report', async () => {
    const source = FanotifySource.open({ report: 'fd' });
    expect(() => source.mark({ path: dir.path, mask: FAN.CREATE, onChild: true })).toThrow(expect.objectContaining({ code: 'unsupported', errno: 'EINVAL' }));
    await source.close();
  });

  it('rejects bad rules and closed sources with clear errors', async () => {
    expect(() => PermissionResponder.open({ rules: [{ id: 'r', path: 'relative', match: 'file', allow: '*', otherwise: 'deny' }] })).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: expect.stringContaining('absolute') }),
    );
    const source = FanotifySource.open({ report: 'fid' });
    await source.close();
    expect(() => source.mark({ path: dir.path, mask: FAN.OPEN })).toThrow(expect.objectContaining({ code: 'closed' }));
  });
});
