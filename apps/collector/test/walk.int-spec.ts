// Real kernel, root: the first walk of a workload ends over directory symlink loops (the host's
// /usr/lib/llvm-14/build/Release -> ..), and a shutdown cuts a long first walk short.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { type Harness, startCollector, TestPolicy, until } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const custom = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });

describe('collector: first walks', () => {
  let tmp: string;
  const started: NsContainer[] = [];
  const harnesses: Harness[] = [];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-walk-'));
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    for (const c of started.splice(0)) await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finishes over a directory symlink loop under a recursive filter and reports its files', async () => {
    const root = buildRootfs(path.join(tmp, 'rootfs'), { usrMerged: true, files: { '/usr/lib/llvm-14/build/libc.so.6': 'libc\n' } });
    fs.symlinkSync('..', path.join(root, 'usr/lib/llvm-14/build/Release'));
    const container = await NsContainer.start({ rootfs: root, id: newContainerId() });
    started.push(container);
    const harness = await startCollector({ only: [container.id as string], policy: new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS }) });
    harnesses.push(harness);
    const watch = await harness.watched(container.rootPid, 20_000);
    expect(watch.truncated).toBe(false);
    expect(watch.dirs.get('/usr/lib/llvm-14/build')?.views).toEqual(['/lib/llvm-14/build']);
    await container.exec('echo v2 >> /lib/llvm-14/build/libc.so.6; sleep 0.3; echo done');
    const e = await harness.sink.waitFile((x) => x.path === '/usr/lib/llvm-14/build/libc.so.6', 'the write to libc.so.6');
    expect(e).toMatchObject({ kind: 'Modified', rootPid: container.rootPid });
  }, 60_000);

  it('stop() during a long first walk cuts it short: the watch never becomes active, no mark is left', async () => {
    const root = buildRootfs(path.join(tmp, 'rootfs'));
    // ~11k directories: a walk far longer than the few event-loop turns between its start and stop().
    for (let a = 0; a < 10; a += 1) for (let b = 0; b < 10; b += 1) for (let c = 0; c < 10; c += 1) for (let d = 0; d < 10; d += 1) fs.mkdirSync(path.join(root, `deep/${a}/${b}/${c}/${d}`), { recursive: true });
    const container = await NsContainer.start({ rootfs: root, id: newContainerId() });
    started.push(container);
    const harness = await startCollector({
      only: [container.id as string],
      policy: new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: [...DEFAULT_FILTERS, custom('/deep')] }),
      env: { WATCH_MAX_DIRS: '100000' },
    });
    harnesses.push(harness);
    const { manager, marks } = harness.pipeline.parts;
    await until(() => {
      harness.pipeline.parts.discovery.scanNow();
      return manager.get(container.rootPid) !== undefined;
    }, 10_000, () => 'the container to be discovered');
    const watch = manager.get(container.rootPid);
    expect(watch?.state).toBe('starting');
    await harness.stop();
    expect(manager.counters.abortedWalks).toBe(1);
    expect(watch?.state).toBe('closed');
    expect(watch?.dirs.size).toBe(0);
    expect(manager.get(container.rootPid)).toBeUndefined();
    expect(marks.marks).toBe(0);
  }, 60_000);
});
