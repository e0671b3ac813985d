// Real kernel, root: the watcher and the protect module together, as the app wires them (the
// watcher tells the protect module its watch sets). The status heartbeat carries the protect
// module's state (per-workload enforcement, the revision in its table, its notes, denial counters),
// and a watchdog suspension is published on the status topic at once by the audit publisher.
import { FAN_OPEN } from '@fsmon/collector-domain';
import type { CollectorStatus } from '@fsmon/contracts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CollectorViews } from '../../src/core/collector.views';
import { EnforcementAuditPublisher } from '../../src/publish/enforcement-audit.publisher';
import { StatusPublisher } from '../../src/publish/status.publisher';
import { filter, group, rule } from '../policy/policy.fixtures';
import { type Harness, startCollector, until } from '../support/collector.harness';
import { newContainerId, NsContainer } from '../support/ns-container';
import { buildRootfs } from '../support/rootfs.builder';
import { ProtectHarness } from './support/protect.harness';

const OPENERS = 4;

describe('status heartbeat with the protect module (namespace container)', () => {
  let tmp: string;
  let container: NsContainer;
  let protect: ProtectHarness;
  let watcher: Harness;
  let hang = false;
  const hook = { decide: () => (hang ? new Promise<'deny'>(() => undefined) : ('deny' as const)) };
  const published: CollectorStatus[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-pstatus-'));
    const id = newContainerId();
    container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs'), { files: { '/data/secret.txt': 'secret\n' } }), id });
    const status = new StatusPublisher({ publish: async (_topic, messages) => void published.push(...messages.map((m) => m.value as CollectorStatus)) }, { collectorId: 'c-1', host: { id: 'h-1', name: 'node-a' } }, { intervalMs: 60_000, version: 'test' });
    const audit = new EnforcementAuditPublisher(status, quietLogger());
    protect = await new ProtectHarness({ stallBudgetMs: 300, askDeadlineMs: 150, restoreAfterMs: 400, probeIntervalMs: 20 }, hook, undefined, { audit }).start();
    protect.apply(
      group('g-data', {
        revision: 3,
        mode: 'Protect',
        selector: { ids: [id] },
        filters: [filter('/etc/passwd'), filter('/data', '.*', { behavior: 'block_access', recursive: true })],
        rules: { '/data/.*': rule(['head']) },
      }),
    );
    watcher = await startCollector({ only: [id], policy: protect.store, observer: protect.service });
    await watcher.watched(container.rootPid);
    status.setSnapshotProvider(() => new CollectorViews(watcher.pipeline).snapshot());
  }, 60_000);

  afterAll(async () => {
    await watcher?.stop();
    await protect?.stop();
    await container?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("hands the workload's opens to permission events on its first apply: the watcher's marks carry no FAN_OPEN", async () => {
    // The watcher starts an unknown workload observing opens by notification; the protect module's
    // first apply holds them with permission marks and must say so, or FAN_OPEN stays on top.
    const watch = watcher.pipeline.parts.manager.get(container.rootPid);
    await until(() => watch?.opens === false, 5000, () => `the watcher to hand the opens over (opens ${String(watch?.opens)})`);
    const data = watch?.dirs.get('/data');
    const holders = [...(watcher.pipeline.parts.marks.holders(data?.inode ?? '') ?? [])];
    expect(holders.length).toBeGreaterThan(0);
    expect(holders.filter((h) => (h.mask & FAN_OPEN) !== 0)).toEqual([]);
    expect(new CollectorViews(watcher.pipeline).snapshot().containers[0]).toMatchObject({ mode: 'Protect', permission: true });
  });

  it('carries per-workload enforcement, the applied revision and the denial counters', async () => {
    const views = new CollectorViews(watcher.pipeline);
    await until(() => views.snapshot().containers[0]?.permission === true, 5000, () => `permission in ${JSON.stringify(views.snapshot().containers)}`);
    const s = views.snapshot();
    expect(s).toMatchObject({ appliedRevision: 3, capabilities: { permissionEvents: true }, containers: [{ rootPid: container.rootPid, mode: 'Protect', permission: true }] });
    expect((await container.exec('cat /data/secret.txt 2>&1; echo rc=$?')).stdout).toMatch(/Operation not permitted[\s\S]*rc=1/);
    await protect.event((e) => e.kind === 'Denied', 'a deny report');
    const probe = views.probe();
    expect(probe.counters['denials.blocked']).toBe(1);
    expect(probe.counters['denials.unauthorized']).toBe(0);
    expect(probe.counters['protect.reports.blocked']).toBe(1);
    expect(probe.counters['protect.suspended']).toBe(0);
  });

  it('publishes a watchdog suspension at once, its note kept in later statuses; the workload no longer enforced', async () => {
    hang = true;
    const before = published.length;
    await Promise.all(Array.from({ length: OPENERS }, () => container.exec('cat /data/secret.txt > /tmp/out.$$ 2>&1; echo done', 20_000)));
    await until(() => published.length > before, 5000, () => `a status after the suspension; notices ${JSON.stringify(protect.notices)}, counters ${JSON.stringify(protect.service.status().counters)}`);
    const status = published[before];
    const notes = status.capabilities.notes.join('\n');
    expect(notes).toMatch(/enforcement suspended at .*\(1 workload\(s\): /);
    expect(notes).toMatch(/suspended by the stall watchdog/);
    expect(status.containers[0]).toMatchObject({ mode: 'Protect', permission: false });
    expect(status.probe.counters['protect.suspended']).toBe(1);

    hang = false;
    await until(() => protect.notices.some((n) => n.state === 'restored'), 10_000, () => 'the marks to be restored');
    await until(() => published.some((p) => p.capabilities.notes.some((n) => n.startsWith('enforcement restored'))), 5000, () => 'a status after the restore');
    const last = published[published.length - 1];
    // The suspension stays in the notes: a control plane that missed the first status still sees it.
    expect(last.capabilities.notes.filter((n) => n.startsWith('enforcement ')).map((n) => n.split(' ')[1])).toEqual(['suspended', 'restored']);
    expect(last.containers[0]).toMatchObject({ permission: true });
  }, 60_000);
});

function quietLogger() {
  const nop = () => undefined;
  return { log: nop, warn: nop, error: nop, debug: nop, verbose: nop };
}
