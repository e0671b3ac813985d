// Real kernel, root: re-plans of one workload run one at a time and the latest policy wins
// (fsmon-behaviour §8.18). The stale policy walks a large tree (/big), the latest a small one, so
// without ordering the stale walk finishes last and its plan replaces the latest one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import type { ResolvedPolicy } from '../src/core/collector.ports';
import { type Harness, startCollector, TestPolicy, until } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const custom = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });
const policyWith = (revision: number, ...paths: string[]): ResolvedPolicy => ({ revision, mode: 'Monitor', groups: ['g'], filters: [...DEFAULT_FILTERS, ...paths.map(custom)] });

describe('collector: re-plans in order (§8.18)', () => {
  let tmp: string;
  const started: NsContainer[] = [];
  const harnesses: Harness[] = [];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-replan-'));
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    for (const c of started.splice(0)) await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A container whose /big holds ~11k directories: a walk far longer than the few event-loop turns the test takes. */
  async function container(): Promise<NsContainer> {
    const root = buildRootfs(path.join(tmp, 'rootfs'), { files: { '/opt/app/app.conf': 'a=1\n', '/opt/keep/keep.conf': 'k=1\n' } });
    for (let a = 0; a < 10; a += 1) for (let b = 0; b < 10; b += 1) for (let c = 0; c < 10; c += 1) for (let d = 0; d < 10; d += 1) fs.mkdirSync(path.join(root, `big/${a}/${b}/${c}/${d}`), { recursive: true });
    const c = await NsContainer.start({ rootfs: root, id: newContainerId() });
    started.push(c);
    return c;
  }

  async function collector(c: NsContainer, policy: TestPolicy): Promise<Harness> {
    const harness = await startCollector({ only: [c.id as string], policy, env: { WATCH_MAX_DIRS: '100000' } });
    harnesses.push(harness);
    return harness;
  }

  /** Waits for every re-plan, then checks the latest policy's watch set and that it reports. */
  async function expectLatestApplied(c: NsContainer, harness: Harness): Promise<void> {
    const { manager } = harness.pipeline.parts;
    await manager.idle();
    const watch = manager.get(c.rootPid);
    expect(watch?.state).toBe('active');
    expect(watch?.dirs.has('/opt/app')).toBe(true);
    expect([...(watch?.dirs.keys() ?? [])].filter((d) => d.startsWith('/big'))).toEqual([]);
    await c.exec('echo a=2 >> /opt/app/app.conf; sleep 0.3; echo done');
    const e = await harness.sink.waitFile((x) => x.path === '/opt/app/app.conf', 'an event on /opt/app/app.conf');
    expect(e).toMatchObject({ kind: 'Modified', filterKey: '/opt/app/.*', userAdded: true });
  }

  it('a second policy change while the first walks: the later wins, and a directory both watch keeps its mark', async () => {
    const c = await container();
    const policy = new TestPolicy(policyWith(1, '/opt/keep'));
    const harness = await collector(c, policy);
    const watch = await harness.watched(c.rootPid, 20_000);
    const keep = watch.dirs.get('/opt/keep');
    expect(keep).toBeDefined();
    const holder = watch.holders.get(keep as NonNullable<typeof keep>);
    policy.set(policyWith(2, '/opt/keep', '/big'));
    // One turn of the event loop: the walk of revision 2 has started (its reads each take a turn) and is far from done.
    await new Promise((r) => setImmediate(r));
    policy.set(policyWith(3, '/opt/keep', '/opt/app'));
    await expectLatestApplied(c, harness);
    expect(harness.pipeline.parts.manager.counters.staleWalks).toBe(1);
    // The same entry and the same mark holder: /opt/keep was never released between the two plans.
    expect(watch.dirs.get('/opt/keep')).toBe(keep);
    expect(watch.holders.get(keep as NonNullable<typeof keep>)).toBe(holder);
    const { marks } = harness.pipeline.parts;
    expect(marks.marks).toBe(watch.dirs.size + watch.files.size);
  }, 60_000);

  it('a policy change during the first walk: the watch becomes active with the newer policy', async () => {
    const c = await container();
    const policy = new TestPolicy(policyWith(1, '/big'));
    const harness = await collector(c, policy);
    const { manager } = harness.pipeline.parts;
    await until(() => {
      harness.pipeline.parts.discovery.scanNow();
      return manager.get(c.rootPid) !== undefined;
    }, 10_000, () => 'the container to be discovered');
    expect(manager.get(c.rootPid)?.state).toBe('starting');
    policy.set(policyWith(2, '/opt/app'));
    await harness.watched(c.rootPid, 20_000);
    await expectLatestApplied(c, harness);
    expect(manager.counters.staleWalks).toBe(1);
  }, 60_000);
});
