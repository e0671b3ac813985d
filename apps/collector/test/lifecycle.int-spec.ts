// Real kernel, root: container exit cleans up; a kernel queue overflow yields a gap event and a
// rescan that still reports a change made while events were lost; a policy change re-plans.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { CollectorViews } from '../src/core/collector.views';
import { type Harness, startCollector, TestPolicy, until } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const custom = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });
const plain = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: false, customerAdd: false, behavior: 'monitor_change', dgroup: '' });

describe('collector: workload lifecycle and lost events', () => {
  let tmp: string;
  const started: NsContainer[] = [];
  const harnesses: Harness[] = [];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-life-'));
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    for (const c of started.splice(0)) await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function setup(policy: TestPolicy, env: Record<string, string> = {}, files: Record<string, string> = {}) {
    const container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs'), { files }), id: newContainerId() });
    started.push(container);
    const harness = await startCollector({ only: [container.id as string], policy, env });
    harnesses.push(harness);
    await harness.watched(container.rootPid);
    return { container, harness };
  }

  it('cleans up when the container exits: marks, watch, pending events (never reported)', async () => {
    const { container, harness } = await setup(new TestPolicy({ revision: 1, mode: 'Monitor', groups: [], filters: DEFAULT_FILTERS }), { COALESCE_WINDOW_MS: '60000' });
    const { marks, manager, coalescer, passCounters } = harness.pipeline.parts;
    expect(marks.marks).toBeGreaterThan(5);
    await container.exec('echo x >> /etc/passwd');
    await until(() => coalescer.size > 0, 5000, () => 'the write to be pending');
    await container.stop();
    started.splice(0);
    await until(() => manager.get(container.rootPid) === undefined, 5000, () => 'the watch to go');
    expect(marks.marks).toBe(0);
    expect(marks.watches).toBe(0);
    expect(coalescer.size).toBe(0);
    expect(passCounters.workloadGone).toBeGreaterThanOrEqual(1);
    await harness.pipeline.flush();
    expect(harness.sink.files()).toEqual([]);
  });

  it('publishes a gap on a kernel overflow, then rescans and reports a change whose event was lost', async () => {
    const policy = new TestPolicy({ revision: 1, mode: 'Monitor', groups: [], filters: [...DEFAULT_FILTERS, plain('/flood')] });
    const { container, harness } = await setup(policy, {}, { '/flood/.keep': '' });
    const { kernel } = harness.pipeline.parts;
    kernel.pause();
    await new Promise((r) => setTimeout(r, 200));
    // 2 events per file (create+close-write merged, delete) fill the 16384-event queue before the write to passwd.
    await container.exec("cd /flood && seq 1 9000 | xargs touch && ls | grep -v keep | xargs rm; echo 'zed:x:9:9::/:/bin/sh' >> /etc/passwd", 30_000);
    kernel.resume();
    const gap = await until(() => harness.sink.gaps().length > 0, 8000, () => 'a gap event').then(() => harness.sink.gaps()[0]);
    expect(gap).toMatchObject({ type: 'gap', reason: 'fanotify-overflow' });
    const e = await harness.sink.waitFile((x) => x.path === '/etc/passwd' && x.kind === 'Modified', 'the rescan to report /etc/passwd');
    expect(e).toMatchObject({ source: 'rescan', procs: [], rootPid: container.rootPid });
    expect(harness.pipeline.parts.passCounters.rescans).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('re-plans on a policy change: a new filter is watched, a removed one released', async () => {
    const policy = new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS });
    const { container, harness } = await setup(policy, {}, { '/opt/app/app.conf': 'a=1\n' });
    const { manager, marks } = harness.pipeline.parts;
    const before = marks.marks;
    expect(manager.get(container.rootPid)?.dirs.has('/opt/app')).toBe(false);
    policy.set({ revision: 2, mode: 'Monitor', groups: ['g'], filters: [...DEFAULT_FILTERS, custom('/opt/app')] });
    await until(() => manager.get(container.rootPid)?.dirs.has('/opt/app') === true, 5000, () => '/opt/app to be watched');
    await harness.pipeline.settled();
    await container.exec('echo a=2 >> /opt/app/app.conf; sleep 0.3; echo done');
    const e = await harness.sink.waitFile((x) => x.path === '/opt/app/app.conf', 'an event on /opt/app/app.conf');
    expect(e).toMatchObject({ kind: 'Modified', filterKey: '/opt/app/.*', userAdded: true });
    policy.set({ revision: 3, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS });
    await until(() => manager.get(container.rootPid)?.dirs.has('/opt/app') === false, 5000, () => '/opt/app to be released');
    expect(marks.marks).toBe(before);
  });

  it('counts inotify directory watches in the probe (fd mode watches every directory with inotify)', async () => {
    const { container, harness } = await setup(new TestPolicy({ revision: 1, mode: 'Monitor', groups: [], filters: DEFAULT_FILTERS }), { FANOTIFY_REPORT: 'fd' });
    const watch = harness.pipeline.parts.manager.get(container.rootPid);
    const probe = new CollectorViews(harness.pipeline).probe();
    expect(probe.ino.nDirs).toBe(watch?.dirs.size);
    expect(probe.ino.nDirs).toBeGreaterThan(5);
    // The runtime's bind-mounted files are not in this container; every watch is a directory's.
    expect(probe.ino.nDirs + probe.ino.nPaths).toBe(probe.ino.nWds);
  });
});
