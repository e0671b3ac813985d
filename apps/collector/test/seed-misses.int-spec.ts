// Real kernel, root: each of the seed's watch misses (fsmon-behaviour §8.1–§8.5) as a case, in
// namespace containers watched by the in-process collector core.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { type Harness, startCollector, TestPolicy } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const filter = (path: string, regex: string, recursive: boolean, customerAdd = true): FileFilter => ({
  filter: regex === '' ? path : `${path}/${regex}`,
  path,
  regex,
  recursive,
  customerAdd,
  behavior: 'monitor_change',
  dgroup: '',
});

describe('collector: the seed misses', () => {
  let tmp: string;
  let plain: NsContainer;
  let merged: NsContainer;
  let harness: Harness;
  const stay = '; sleep 0.4; echo done';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-miss-'));
    // What a runtime bind-mounts from its own state directory over the image's files.
    const runtimeFiles = { '/etc/hosts': '127.0.0.1 localhost box\n', '/etc/hostname': 'box\n', '/etc/resolv.conf': 'nameserver 10.0.0.2\n' };
    const binds = Object.entries(runtimeFiles).map(([target, content]) => {
      const source = path.join(tmp, `runtime${target.replace(/\//g, '-')}`);
      fs.writeFileSync(source, content);
      return { source, target };
    });
    const plainRoot = buildRootfs(path.join(tmp, 'plain'), { files: { '/lib/x86_64-linux-gnu/libc.so.6': 'libc', '/lib/other.so': 'other' } });
    plain = await NsContainer.start({ rootfs: plainRoot, id: newContainerId(), binds, tmpfs: ['/data'] });
    merged = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'merged'), { usrMerged: true }), id: null });
    const policy = new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: [...DEFAULT_FILTERS, filter('/data', '.*', true), filter('/etc/hostname', '', false)] });
    const mergedPolicy = { revision: 1, mode: 'Monitor' as const, groups: ['m'], filters: [filter('/bin', '.*', true)] };
    harness = await startCollector({
      only: [plain.id as string, String(merged.rootPid)],
      policy: { resolve: (c) => (c?.id === plain.id ? policy.policy : mergedPolicy), onChange: () => undefined },
    });
    await harness.watched(plain.rootPid);
    await harness.watched(merged.rootPid);
  });

  afterAll(async () => {
    await harness?.stop();
    await plain?.stop();
    await merged?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const event = (c: NsContainer, p: string, kind: string) =>
    harness.sink.waitFile((e) => e.rootPid === c.rootPid && e.path === p && e.kind === kind, `${kind} ${p} in ${c.rootPid}`);

  it('watches below ancestors of a base directory (/usr/bin, /var/lib/dpkg)', async () => {
    await plain.exec(`echo '# v2' >> /usr/bin/tool; echo 'Package: x' >> /var/lib/dpkg/status${stay}`);
    expect((await event(plain, '/usr/bin/tool', 'Modified')).procs.length).toBeGreaterThan(0);
    expect(await event(plain, '/var/lib/dpkg/status', 'Modified')).toMatchObject({ package: true, filterKey: '/var/lib/dpkg/status/' });
  });

  it('follows a wildcard in the path to a home directory created after the start', async () => {
    await plain.exec('mkdir -p /home/bob/.ssh && echo key1 > /home/bob/.ssh/authorized_keys');
    const created = await event(plain, '/home/bob/.ssh/authorized_keys', 'Create');
    expect(created.filterKey).toBe('/home/.*/\\.ssh/.*');
    await harness.pipeline.settled();
    await plain.exec(`echo key2 >> /home/bob/.ssh/authorized_keys${stay}`);
    expect((await event(plain, '/home/bob/.ssh/authorized_keys', 'Modified')).procs.map((p) => p.name)).toContain('sh');
  });

  it('watches files on a volume (a mount point inside the container)', async () => {
    await plain.exec(`echo v1 > /data/app.conf${stay}`);
    const e = await event(plain, '/data/app.conf', 'Create');
    expect(e).toMatchObject({ filterKey: '/data/.*', userAdded: true });
    expect(e.procs.map((p) => p.name)).toContain('sh');
  });

  it('follows usr-merged symlinks: a /bin filter covers /usr/bin', async () => {
    await merged.exec(`echo '# v2' >> /usr/bin/tool${stay}`);
    const e = await event(merged, '/usr/bin/tool', 'Modified');
    expect(e).toMatchObject({ filterKey: '/bin/.*', group: 'm' });
    // No runtime id in its cgroup path: the mount namespace names it.
    const mntns = /\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${merged.rootPid}/ns/mnt`))?.[1];
    expect(e.container).toMatchObject({ id: `mntns:${mntns}` });
  });

  it.each(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'])("sees the runtime's bind-mounted %s", async (file) => {
    await plain.exec(`echo '# changed' >> ${file}${stay}`);
    const e = await event(plain, file, 'Modified');
    expect(e.procs.map((p) => p.name)).toContain('sh');
  });

  it('marks a sub-directory created later under a recursive filter, so its events keep process info', async () => {
    await plain.exec('mkdir /usr/bin/plugins');
    await event(plain, '/usr/bin/plugins', 'DirCreate');
    await harness.pipeline.settled();
    await plain.exec(`echo p > /usr/bin/plugins/p1${stay}`);
    const e = await event(plain, '/usr/bin/plugins/p1', 'Create');
    expect(e.procs.map((p) => p.name)).toContain('sh');
    expect(e.source).toBe('fanotify');
  });

  it('applies a filter regex the same way at the walk and at runtime', async () => {
    const watch = harness.pipeline.parts.manager.get(plain.rootPid);
    expect(watch?.dirs.get('/lib/x86_64-linux-gnu')?.children.has('libc.so.6')).toBe(true);
    expect(watch?.dirs.get('/lib')?.children.has('other.so')).toBe(false);
    await plain.exec(`echo x >> /lib/other.so; echo x >> /lib/x86_64-linux-gnu/libc.so.6${stay}`);
    await event(plain, '/lib/x86_64-linux-gnu/libc.so.6', 'Modified');
    expect(harness.sink.files().filter((e) => e.path === '/lib/other.so')).toEqual([]);
  });

  it('baselines watched files at the start: an unchanged rewrite is a read, a change is a modification', async () => {
    const watch = harness.pipeline.parts.manager.get(plain.rootPid);
    const content = fs.readFileSync(path.join(plain.rootfs, 'etc/shadow'));
    const expected = createHash('sha256').update(content).digest('hex').slice(0, 16);
    expect(watch?.dirs.get('/etc')?.children.get('shadow')?.hash).toBe(expected);
    await plain.exec(`cat /etc/shadow > /tmp/s; cat /tmp/s > /etc/shadow${stay}`);
    await event(plain, '/etc/shadow', 'Accessed');
    await plain.exec(`echo 'bob:*:1::::::' >> /etc/shadow${stay}`);
    await event(plain, '/etc/shadow', 'Modified');
  });
});

// The same regex case with FANOTIFY_REPORT=fd (kernels without FID reporting): fanotify reports
// opens and writes by fd, and inotify directory watches report every child by name (§8.13), so
// the runtime filter must drop the uncovered ones here too. Creates and deletes come from inotify only.
describe('collector: the seed misses, fd reporting with inotify directory watches', () => {
  let tmp: string;
  let box: NsContainer;
  let harness: Harness;
  const stay = '; sleep 0.4; echo done';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-miss-fd-'));
    box = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'box'), { files: { '/lib/x86_64-linux-gnu/libc.so.6': 'libc', '/lib/other.so': 'other' } }), id: newContainerId() });
    harness = await startCollector({
      only: [box.id as string],
      policy: new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS }),
      env: { FANOTIFY_REPORT: 'fd' },
    });
    await harness.watched(box.rootPid);
  });

  afterAll(async () => {
    await harness?.stop();
    await box?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const event = (p: string, kind: string) => harness.sink.waitFile((e) => e.path === p && e.kind === kind, `${kind} ${p}`);

  it('applies a filter regex the same way at the walk and at runtime, for fd and inotify events', async () => {
    const { manager, marks } = harness.pipeline.parts;
    const watch = manager.get(box.rootPid);
    expect(watch?.dirs.get('/lib/x86_64-linux-gnu')?.children.has('libc.so.6')).toBe(true);
    expect(watch?.dirs.get('/lib')?.children.has('other.so')).toBe(false);
    expect(marks.watches).toBeGreaterThan(0);
    await box.exec(`echo x >> /lib/other.so; echo x >> /lib/x86_64-linux-gnu/libc.so.6${stay}`);
    expect(await event('/lib/x86_64-linux-gnu/libc.so.6', 'Modified')).toMatchObject({ filterKey: '/lib/libc\\..*' });
    await box.exec(`echo n > /lib/libc.so.9; echo o > /lib/other2.so${stay}`);
    await event('/lib/libc.so.9', 'Create');
    await box.exec(`rm /lib/libc.so.9 /lib/other.so /lib/other2.so${stay}`);
    // A delete reaches the collector through the inotify directory watch alone (fanotify fd events have no name).
    expect(await event('/lib/libc.so.9', 'Removed')).toMatchObject({ source: 'inotify', filterKey: '/lib/libc\\..*' });
    await harness.pipeline.flush();
    expect(harness.sink.files().filter((e) => e.path === '/lib/other.so' || e.path === '/lib/other2.so')).toEqual([]);
    expect(harness.sink.invalid).toEqual([]);
  });
});
