// Real kernel, root: the global switches (fsmon-behaviour §10.34). WATCH_CONTAINERS=false leaves
// containers unwatched while the host is; WATCH_HOST=false the reverse. The host's policy here has
// one filter, on this test's own temp dir, so watching the host marks nothing else.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import type { PolicySource, ResolvedPolicy } from '../src/core/collector.ports';
import { HOST_ROOT_PID } from '../src/containers/workload';
import { type Harness, startCollector } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const custom = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });

describe('collector: WATCH_HOST and WATCH_CONTAINERS', () => {
  let tmp: string;
  let hostDir: string;
  let container: NsContainer;
  let policy: PolicySource;
  const harnesses: Harness[] = [];
  const stay = '; sleep 0.3; echo done';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-switch-'));
    hostDir = path.join(tmp, 'host-watched');
    fs.mkdirSync(hostDir);
    fs.writeFileSync(path.join(hostDir, 'app.conf'), 'a=1\n');
    container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs')), id: newContainerId() });
    const host: ResolvedPolicy = { revision: 1, mode: 'Monitor', groups: ['nodes'], filters: [custom(hostDir)] };
    const box: ResolvedPolicy = { revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS };
    policy = { resolve: (c) => (c === null ? host : box), onChange: () => undefined };
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
  });

  afterAll(async () => {
    await container?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function collector(env: Record<string, string>): Promise<Harness> {
    const harness = await startCollector({ only: [container.id as string], policy, env });
    harnesses.push(harness);
    return harness;
  }

  /** Changes the host's watched file and the container's /etc/passwd, and waits for `expected` to be reported. */
  async function touchBoth(harness: Harness, expected: 'host' | 'container'): Promise<string[]> {
    // Another process writes: the collector ignores its own (this test's) events.
    execFileSync('/bin/sh', ['-c', `echo a=2 >> '${hostDir}/app.conf'`]);
    await container.exec(`echo 'zed:x:9:9::/:/bin/sh' >> /etc/passwd${stay}`);
    const wanted = expected === 'host' ? `${hostDir}/app.conf` : '/etc/passwd';
    await harness.sink.waitFile((e) => e.path === wanted && e.kind === 'Modified', `the ${expected} change`);
    await harness.pipeline.flush();
    return harness.sink.files().map((e) => `${e.container === null ? 'host' : 'container'} ${e.path}`);
  }

  it('WATCH_CONTAINERS=false: the host is watched, a container is never discovered or reported', async () => {
    const harness = await collector({ WATCH_CONTAINERS: 'false', WATCH_HOST: 'true' });
    const { manager, discovery } = harness.pipeline.parts;
    await harness.watched(HOST_ROOT_PID);
    discovery.scanNow();
    expect(discovery.workloads().map((w) => w.key)).toEqual(['host']);
    expect(manager.get(container.rootPid)).toBeUndefined();
    expect(discovery.counters).toMatchObject({ added: 1, excluded: 0 });
    const reported = await touchBoth(harness, 'host');
    expect(reported).toContain(`host ${hostDir}/app.conf`);
    expect(reported).not.toContain('container /etc/passwd');
  }, 30_000);

  it('WATCH_HOST=false: the container is watched, the host is not', async () => {
    const harness = await collector({ WATCH_CONTAINERS: 'true', WATCH_HOST: 'false' });
    const { manager, discovery } = harness.pipeline.parts;
    await harness.watched(container.rootPid);
    expect(manager.get(HOST_ROOT_PID)).toBeUndefined();
    expect(discovery.workloads().map((w) => w.isHost)).toEqual([false]);
    const reported = await touchBoth(harness, 'container');
    expect(reported).toContain('container /etc/passwd');
    expect(reported.filter((r) => r.startsWith('host '))).toEqual([]);
  }, 30_000);

  it('both false: nothing is watched and no mark is placed', async () => {
    const harness = await collector({ WATCH_CONTAINERS: 'false', WATCH_HOST: 'false' });
    const { manager, discovery, marks } = harness.pipeline.parts;
    discovery.scanNow();
    await harness.pipeline.settled();
    expect(discovery.workloads()).toEqual([]);
    expect([...manager.all()]).toEqual([]);
    expect(marks.marks).toBe(0);
  });
});
