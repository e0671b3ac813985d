// Real kernel, root: a container no group selects is watched with fsmon's built-in filters, which
// cover the package databases the seed misses (fsmon-behaviour §8.20): a distroless image's
// /var/lib/dpkg/status.d/<pkg> and rpm's sqlite database. A change to them is flagged as a
// package update (the aggregator turns `package: true` into *.Package.Updated).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { PolicyStore } from '../src/policy/policy.store';
import { BUILT_IN_GROUP } from '../src/policy/resolved-policy';
import { type Harness, startCollector, TestPolicy } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const packageFiles = {
  '/var/lib/dpkg/status.d/base-files': 'Package: base-files\nVersion: 12\n',
  '/var/lib/rpm/rpmdb.sqlite': 'SQLite format 3\u0000',
};

describe('collector: package databases the seed misses (§8.20)', () => {
  let tmp: string;
  const started: NsContainer[] = [];
  const harnesses: Harness[] = [];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-pkgdb-'));
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    for (const c of started.splice(0)) await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function setup(policy: ConstructorParameters<typeof TestPolicy>[0] | PolicyStore) {
    const container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs'), { files: packageFiles }), id: newContainerId() });
    started.push(container);
    const harness = await startCollector({ only: [container.id as string], policy: policy instanceof PolicyStore ? policy : new TestPolicy(policy) });
    harnesses.push(harness);
    const watch = await harness.watched(container.rootPid);
    return { container, harness, watch };
  }

  it('the built-in profile watches dpkg status.d and rpmdb.sqlite; changes are package updates', async () => {
    const { container, harness, watch } = await setup(new PolicyStore({ defaultMode: 'Discover', logger: quiet }));
    expect(watch.policy).toMatchObject({ builtIn: true, groups: [BUILT_IN_GROUP], mode: 'Discover' });
    expect(watch.dirs.has('/var/lib/dpkg/status.d')).toBe(true);
    await container.exec('echo "Package: base-files\nVersion: 13" > /var/lib/dpkg/status.d/base-files; echo "Package: tzdata" > /var/lib/dpkg/status.d/tzdata; echo page >> /var/lib/rpm/rpmdb.sqlite; sleep 0.3; echo done');
    const common = { rootPid: container.rootPid, package: true, group: BUILT_IN_GROUP, userAdded: false, protect: false };
    const status = await harness.sink.waitFile((e) => e.path === '/var/lib/dpkg/status.d/base-files', 'the status.d/base-files change');
    expect(status).toMatchObject({ ...common, kind: 'Modified', filterKey: '/var/lib/dpkg/status\\.d/.*' });
    const added = await harness.sink.waitFile((e) => e.path === '/var/lib/dpkg/status.d/tzdata', 'the new status.d/tzdata');
    expect(added).toMatchObject({ ...common, kind: 'Create' });
    const rpm = await harness.sink.waitFile((e) => e.path === '/var/lib/rpm/rpmdb.sqlite', 'the rpmdb.sqlite change');
    expect(rpm).toMatchObject({ ...common, kind: 'Modified', filterKey: '/var/lib/rpm/rpmdb\\.sqlite/' });
    expect(harness.sink.invalid).toEqual([]);
  });

  it('with the seed 21 alone (a group that kept only them) neither is watched, as in the seed', async () => {
    const { container, harness, watch } = await setup({ revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS });
    expect(watch.dirs.has('/var/lib/dpkg/status.d')).toBe(false);
    await container.exec('echo x >> /var/lib/dpkg/status.d/base-files; echo page >> /var/lib/rpm/rpmdb.sqlite; echo x >> /var/lib/dpkg/status; sleep 0.3; echo done');
    // /var/lib/dpkg/status is one of the 21: once it is reported, the two others would have been too.
    await harness.sink.waitFile((e) => e.path === '/var/lib/dpkg/status', 'the dpkg status change');
    await harness.pipeline.flush();
    const paths = harness.sink.files().map((e) => e.path);
    expect(paths).not.toContain('/var/lib/dpkg/status.d/base-files');
    expect(paths).not.toContain('/var/lib/rpm/rpmdb.sqlite');
  });
});
