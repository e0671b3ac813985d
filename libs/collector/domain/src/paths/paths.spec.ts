import { containerDirname, linkTargetPath, normalizeContainerPath } from './container-path';
import { stripDeletedSuffix } from './exe-path';
import { containerFilePath, parseMonitorPath } from './monitor-path';

describe(parseMonitorPath.name, () => {
  it.each([
    ['/proc/123/root/etc/passwd', 123, '/etc/passwd'],
    ['/host/proc/7/root/etc/hosts', 7, '/etc/hosts'],
    ['/proc/123/root/root/.ssh/id_rsa', 123, '/root/.ssh/id_rsa'],
    ['/proc/1/root/', 1, '/'],
    ['/proc/1/root', 1, '/'],
    ['/proc/42/root/dir with space/f (1)', 42, '/dir with space/f (1)'],
  ])('%s → %d %s', (full, rootPid, containerPath) => {
    expect(parseMonitorPath(full)).toEqual({ ok: true, value: { rootPid, containerPath } });
  });

  it.each([
    ['/etc/passwd'],
    ['/proc/self/root/etc/passwd'],
    ['/proc/123/cwd/etc/passwd'],
    ['/proc/123/rootfs/etc'],
    ['/proc/0/root/etc'],
    ['/proc/0123/root/etc'],
    ['/proc/99999999/root/etc'],
    ['/data/proc/1/root/etc'],
    [''],
  ])('%s is an error value', (full) => {
    const result = parseMonitorPath(full);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.error.code).toBe('MONITOR_PATH_INVALID');
  });

  it('accepts a custom proc directory, with or without its trailing slash', () => {
    expect(parseMonitorPath('/tmp/fake/proc/9/root/x', ['/tmp/fake/proc'])).toEqual({ ok: true, value: { rootPid: 9, containerPath: '/x' } });
  });

  it('round-trips with containerFilePath', () => {
    const full = containerFilePath('/host/proc', 55, '/etc/shadow');
    expect(full).toBe('/host/proc/55/root/etc/shadow');
    expect(parseMonitorPath(full)).toEqual({ ok: true, value: { rootPid: 55, containerPath: '/etc/shadow' } });
    expect(containerFilePath('/proc/', 1, 'etc')).toBe('/proc/1/root/etc');
  });
});

describe(stripDeletedSuffix.name, () => {
  it.each([
    ['/usr/bin/python3 (deleted)', '/usr/bin/python3'],
    ['/usr/bin/python3', '/usr/bin/python3'],
    ['/tmp/x (deleted) (deleted)', '/tmp/x (deleted)'],
  ])('%s → %s', (link, exe) => {
    expect(stripDeletedSuffix(link)).toBe(exe);
  });
});

describe(normalizeContainerPath.name, () => {
  it.each([
    ['/etc//passwd', '/etc/passwd'],
    ['/etc/./ssh/../passwd', '/etc/passwd'],
    ['/../../etc', '/etc'],
    ['etc/passwd', '/etc/passwd'],
    ['/', '/'],
    ['', '/'],
  ])('%s → %s', (path, normal) => {
    expect(normalizeContainerPath(path)).toBe(normal);
  });

  it('gives parents', () => {
    expect(containerDirname('/etc/passwd')).toBe('/etc');
    expect(containerDirname('/etc')).toBe('/');
    expect(containerDirname('/')).toBe('/');
  });
});

describe(linkTargetPath.name, () => {
  it.each([
    ['absolute target stays inside the container', '/etc/localtime', '/usr/share/zoneinfo/UTC', '/usr/share/zoneinfo/UTC'],
    ['relative target from the link directory', '/etc/alternatives/java', '../../usr/lib/jvm/bin/java', '/usr/lib/jvm/bin/java'],
    ['cannot climb above the container root', '/bin', '../../../../usr/bin', '/usr/bin'],
    ['sibling', '/lib/libc.so.6', 'libc-2.36.so', '/lib/libc-2.36.so'],
  ])('%s', (_name, link, target, expected) => {
    expect(linkTargetPath(link, target)).toBe(expected);
  });
});
