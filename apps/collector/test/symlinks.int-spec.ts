// Real kernel, root: symlinks created in a watched directory (fsmon-behaviour §10.20). The raw
// event is about the link (its own path, SymCreate or DirSymCreate by what the target is) and
// carries the target, resolved inside the container, as stat.linkTarget.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { type Harness, startCollector, TestPolicy } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

const custom = (p: string): FileFilter => ({ filter: `${p}/*`, path: p, regex: '.*', recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });

describe('collector: symlinks in a watched directory', () => {
  let tmp: string;
  let container: NsContainer;
  let harness: Harness;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-links-'));
    container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs'), { files: { '/opt/app/app.conf': 'a=1\n', '/opt/conf/a.conf': 'x\n' } }), id: newContainerId() });
    harness = await startCollector({ only: [container.id as string], policy: new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: [...DEFAULT_FILTERS, custom('/opt/app')] }) });
    await harness.watched(container.rootPid);
  });

  afterAll(async () => {
    await harness?.stop();
    await container?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each([
    ['a relative link to a file', 'ln -s ../conf/a.conf /opt/app/a.link', '/opt/app/a.link', 'SymCreate', '/opt/conf/a.conf'],
    ['an absolute link to a directory', 'ln -s /etc /opt/app/etc.link', '/opt/app/etc.link', 'DirSymCreate', '/etc'],
  ])('%s: reported at the link path with its container-resolved target', async (_name, command, link, kind, target) => {
    await container.exec(`${command}; sleep 0.3; echo done`);
    const e = await harness.sink.waitFile((x) => x.path === link, `an event on ${link}`);
    expect(e).toMatchObject({ kind, filterKey: '/opt/app/.*', stat: { exists: true, isSymlink: true, linkTarget: target } });
  });
});
