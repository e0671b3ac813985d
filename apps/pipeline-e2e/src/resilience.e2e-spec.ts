// Black box, real kernel, root: what a restart of the collector or the aggregator, or a broker
// outage, does to reports. "Accepted" is what the broker took on fsmon.raw-events.v1 (and, for the
// collector's own graceful stop, every change it saw): each such change must be reported, and a
// change may reach fsmon.reports.v1 more than once only as copies of one report (same reportId),
// the bound the aggregator documents (apps/aggregator/README.md, Delivery).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MonitorMessage } from '@fsmon/contracts';
import { Pipeline, TEST_WINDOWS } from './support/pipeline.harness';
import { RawEventsTap, ReportsTap, reportPaths } from './support/reports.tap';
import { TestContainer } from './support/test-container';

jest.setTimeout(120_000);

/** Most copies of one report the scenarios here may produce (one re-send per restart or outage it lived through). */
const MAX_COPIES = 3;

describe('fsmon pipeline: restarts and a broker outage lose nothing accepted', () => {
  let dir: string;
  let ops: TestContainer;
  let p: Pipeline;
  let reports: ReportsTap;
  let raw: RawEventsTap;

  /** Creates `n` new files /data/<tag>-<i> in one shell; returns their container paths. */
  async function write(tag: string, n = 20): Promise<string[]> {
    await ops.run(`i=1; while [ $i -le ${n} ]; do echo $i > /data/${tag}-$i; i=$((i+1)); done`);
    return Array.from({ length: n }, (_, i) => `/data/${tag}-${i + 1}`);
  }

  /** Every path in exactly one distinct report; copies of a report are identical but for reportedAt. */
  function expectOnce(paths: readonly string[]): void {
    const mine = reports.reports((r) => r.id === ops.id);
    for (const p of paths) {
      const ids = new Set(mine.filter((r) => reportPaths(r).includes(p)).map((r) => r.reportId));
      expect({ path: p, distinctReports: ids.size }).toEqual({ path: p, distinctReports: 1 });
    }
    const byId = new Map<string, MonitorMessage[]>();
    for (const r of mine) byId.set(r.reportId, [...(byId.get(r.reportId) ?? []), r]);
    for (const copies of byId.values()) {
      expect(copies.length).toBeLessThanOrEqual(MAX_COPIES);
      const strip = (m: MonitorMessage) => ({ ...m, reportedAt: '' });
      for (const c of copies) expect(strip(c)).toEqual(strip(copies[0]));
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-e2e-res-'));
    const stateRoot = path.join(dir, 'state');
    ops = await TestContainer.start({ dir, stateRoot, name: 'ops', files: { '/data/.keep': '' } });
    p = await Pipeline.start({ containers: [ops.id], stateRoot });
    reports = new ReportsTap(p.kafka.brokers);
    raw = new RawEventsTap(p.kafka.brokers);
    await Promise.all([reports.start(), raw.start()]);
    await p.api.ok('POST', '/groups', { name: 'ops', selector: { ids: [ops.id] }, mode: 'Monitor' });
    const g = await p.api.change('POST', '/groups/ops/filters', { pattern: '/data/*', behavior: 'monitor_change' });
    await p.collector.applied(g.revision, ops.id, 'Monitor');
    await p.collector.watching([ops.id]);
    // One change through the whole pipeline first: every consumer group has joined.
    await reports.waitForPaths(ops.id, await write('warm-up', 1), 'the warm-up write', 60_000);
  }, 240_000);

  afterAll(async () => {
    await reports?.stop().catch(() => undefined);
    await raw?.stop().catch(() => undefined);
    await p?.stop(process.env.FSMON_E2E_KEEP_LOGS === '1');
    await ops?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  afterEach(() => {
    expect(reports.invalid).toBe(0);
    expect(raw.invalid).toBe(0);
  });

  it('collector SIGTERM right after changes: what reached the broker is reported, and it watches again after the start', async () => {
    const written = await write('col-term');
    await p.restart('collector'); // SIGTERM within the coalescing window
    await p.collector.watching([ops.id]);
    const after = await write('col-after');
    await reports.waitForPaths(ops.id, after, 'changes after the collector restart');
    // The collector drops its open coalescing window at stop (CollectorPipeline.stop): only what it
    // handed to the broker counts as accepted here.
    const accepted = new Set(raw.files((e) => e.container?.id === ops.id).map((e) => e.path));
    const paths = written.filter((x) => accepted.has(x));
    await reports.waitForPaths(ops.id, paths, 'accepted changes before the collector restart');
    expectOnce([...paths, ...after]);
  });

  it('collector SIGTERM while the broker is away: what it held is spooled and sent by the next start', async () => {
    const outage = p.brokerDown();
    let paths: string[];
    try {
      paths = await write('col-spool');
      await new Promise((r) => setTimeout(r, TEST_WINDOWS.collectorCoalesceMs + 1000));
      await p.apps.collector.stop(30_000); // the delivery cannot drain: it spools (a pod's default grace)
    } finally {
      outage.up();
    }
    p.apps.collector.start();
    await p.apps.collector.waitHealthy(60_000);
    await reports.waitForPaths(ops.id, paths, 'changes spooled over the collector restart', 45_000);
    expectOnce(paths);
  });

  it('aggregator SIGKILL with open windows: the accepted events are re-read and reported once', async () => {
    const paths = await write('agg-kill');
    await raw.waitForPaths(ops.id, paths, 'the changes before the aggregator crash');
    await p.restart('aggregator', { crash: true }); // within its hold window: nothing reported yet
    await reports.waitForPaths(ops.id, paths, 'changes accepted before the aggregator crash', 45_000);
    const after = await write('agg-after');
    await reports.waitForPaths(ops.id, after, 'changes after the aggregator restart');
    expectOnce([...paths, ...after]);
  });

  it('aggregator SIGTERM: it reports its open windows before it leaves', async () => {
    const paths = await write('agg-term');
    await raw.waitForPaths(ops.id, paths, 'the changes before the aggregator stop');
    await p.restart('aggregator');
    await reports.waitForPaths(ops.id, paths, 'changes accepted before the aggregator stop', 45_000);
    expectOnce(paths);
  });

  // The apps inherit none of the broker's connections (AppProcess starts them through
  // withoutInheritedFds), so taking the broker down closes every connection, as a stopped broker
  // does: the apps see refused reconnects for 3 s, then the broker is back. (A half-open outage, a
  // partition, is covered by libs/shared/kafka/test/outage.int-spec.ts.)
  it('broker outage: changes made while it is away are reported once it is back', async () => {
    const outage = p.brokerDown();
    let paths: string[];
    try {
      paths = await write('broker-down');
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      outage.up();
    }
    await reports.waitForPaths(ops.id, paths, 'changes made during the broker outage', 40_000);
    const after = await write('broker-after');
    await reports.waitForPaths(ops.id, after, 'changes after the outage');
    expectOnce([...paths, ...after]);
    const drops = (await p.collector.status()).drops;
    expect(Object.entries(drops).filter(([, n]) => n > 0)).toEqual([]);
  });
});
