// Real kernel: the capability probe as root, and as an unprivileged user (a user namespace).
import path from 'node:path';
import { runProcess, tsNodeArgs } from '@fsmon/testing';
import { type KernelCapabilities, probeCapabilities } from '../src';

describe(probeCapabilities.name, () => {
  it('finds everything the collector uses when run as root', () => {
    const caps = probeCapabilities();
    expect(caps).toMatchObject({
      fanotify: true,
      permissionEvents: true,
      fid: true,
      dfidName: true,
      unlimitedQueue: true,
      mountMarks: true,
      filesystemMarks: true,
      inotify: true,
    });
    // Up to at least 6.18 a permission group cannot report FIDs; the probe says why.
    if (!caps.fidWithPermission) expect(caps.notes.join('\n')).toMatch(/EINVAL/);
  });

  it('reports what an unprivileged process may fall back to, with the reason', async () => {
    const fixture = path.join(__dirname, 'fixtures/limits.fixture.ts');
    const result = await runProcess('unshare', ['-U', '-r', 'node', ...tsNodeArgs(fixture, ['probe', '/'])], 45_000);
    expect(result.code).toBe(0);
    const caps = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as KernelCapabilities;
    expect(caps).toMatchObject({ fanotify: true, fid: true, dfidName: true, permissionEvents: false, unlimitedQueue: false, mountMarks: false, inotify: true });
    expect(caps.notes.join('\n')).toMatch(/EPERM.*CAP_SYS_ADMIN/);
  });
});
