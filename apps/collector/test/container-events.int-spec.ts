// Real kernel, root: a namespace container (unshare + chroot into a busybox rootfs) in a docker-style
// cgroup, with docker state on disk; the collector core runs in-process and watches only it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { type Harness, startCollector, TestPolicy, writeDockerState } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const run = promisify(execFile);
const LABELS = { 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.container.name': 'nginx' };

describe('collector: events of a namespace container', () => {
  let tmp: string;
  let rootfs: string;
  let id: string;
  let container: NsContainer;
  let harness: Harness;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-coll-'));
    rootfs = buildRootfs(path.join(tmp, 'rootfs'));
    id = newContainerId();
    writeDockerState(path.join(tmp, 'host'), id, { name: 'web', image: 'nginx:1.25', labels: LABELS });
    container = await NsContainer.start({ rootfs, id });
    harness = await startCollector({
      only: [id],
      stateRoot: path.join(tmp, 'host'),
      policy: new TestPolicy({ revision: 3, mode: 'Monitor', groups: ['shop'], filters: DEFAULT_FILTERS }),
    });
    await harness.watched(container.rootPid);
  });

  afterAll(async () => {
    await harness?.stop();
    await container?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reports a write to /etc/passwd inside the container with its identity, path, kind and writer', async () => {
    // The shell stays itself (a last command would be exec'd in its place).
    await container.exec('echo "bob:x:1001:1001::/home/bob:/bin/sh" >> /etc/passwd; sleep 0.5; echo done');
    const e = await harness.sink.waitFile((x) => x.path === '/etc/passwd' && x.kind === 'Modified', 'Modified /etc/passwd');
    expect(e.container).toEqual({ id, name: 'web', image: 'nginx:1.25', labels: LABELS });
    expect(e).toMatchObject({ rootPid: container.rootPid, msg: 'File was modified.', filterKey: '/etc/passwd/', group: 'shop', source: 'fanotify', decision: 'none', package: false });
    const writer = e.procs.find((p) => p.name === 'sh');
    expect(writer).toMatchObject({ rootPid: container.rootPid, path: '/usr/bin/busybox', euid: 0, euser: 'root', pname: 'nsenter', ppath: '/usr/bin/nsenter' });
    expect(writer?.cmds.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(e.stat).toMatchObject({ exists: true, isDir: false, isSymlink: false });
    expect(e.stat.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(harness.sink.invalid).toEqual([]);
  });

  it('does not report the same file written by a host process', async () => {
    const before = harness.pipeline.parts.intakeCounters.foreign;
    const { stdout } = await run('/bin/sh', ['-c', `echo $$; echo "eve:x:1002:1002::/:/bin/sh" >> ${rootfs}/etc/passwd; sleep 0.3`]);
    const hostPid = Number(stdout.trim());
    await container.exec('echo "# marker" >> /etc/shadow; sleep 0.3');
    await harness.sink.waitFile((x) => x.path === '/etc/shadow', 'the marker write to /etc/shadow');
    expect(harness.pipeline.parts.intakeCounters.foreign).toBeGreaterThan(before);
    expect(harness.sink.files().filter((x) => x.procs.some((p) => p.pid === hostPid))).toEqual([]);
  });

  it("names a non-root writer by the container's own /etc/passwd", async () => {
    await container.exec("su alice -c 'echo ssh-rsa BBBB >> /home/alice/.ssh/authorized_keys; sleep 0.5; echo done'");
    const e = await harness.sink.waitFile((x) => x.path === '/home/alice/.ssh/authorized_keys' && x.kind === 'Modified', 'Modified authorized_keys');
    expect(e.procs.find((p) => p.euid === 1000)).toMatchObject({ euser: 'alice' });
    expect(e.filterKey).toBe('/home/.*/\\.ssh/.*');
  });
});
