// Black box, real kernel, root: fsmon's three apps as separate processes on an embedded broker and a
// private redis-server, watching namespace containers (own rootfs, docker-style cgroup and state
// files). The test sees only the reports topic and the apps' HTTP APIs. One pipeline for the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MonitorMessage } from '@fsmon/contracts';
import { runProcess } from '@fsmon/testing';
import { Pipeline, TEST_WINDOWS } from './support/pipeline.harness';
import { ReportsTap, reportPaths } from './support/reports.tap';
import { APP_CAT, TestContainer } from './support/test-container';

jest.setTimeout(120_000);

const EPERM = /Operation not permitted/;
/** Keeps the writing shell alive a moment, so the collector can read who it was from /proc. */
const STAY = 'sleep 0.5; echo done';

/**
 * Runs `script` until the open is refused (bounded): the collector applies a revision, then places
 * its permission marks; a run before the marks is simply not yet protected.
 */
async function refusedSoon(c: TestContainer, script: string, timeoutMs = 10_000): Promise<{ code: number | string; stderr: string }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await c.exec(script);
    if (r.code !== 0 || Date.now() > end) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('fsmon pipeline: monitor, protect, discover', () => {
  let dir: string;
  let web: TestContainer;
  let vault: TestContainer;
  let learner: TestContainer;
  let p: Pipeline;
  let tap: ReportsTap;

  const reportsOf = (c: TestContainer, path: string) => tap.reports((r) => r.id === c.id && reportPaths(r).includes(path));
  /** Waits long enough for a second report of the same change to have arrived (two aggregation windows). */
  const settle = () => new Promise((r) => setTimeout(r, 2 * (TEST_WINDOWS.aggregatorHoldMs + TEST_WINDOWS.collectorCoalesceMs) + 500));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-e2e-mp-'));
    const stateRoot = path.join(dir, 'state');
    web = await TestContainer.start({ dir, stateRoot, name: 'web', image: 'nginx:e2e', labels: { tier: 'front' } });
    vault = await TestContainer.start({ dir, stateRoot, name: 'vault', files: { '/secret/key.txt': 'k3y\n', '/secret/other.txt': 'other\n' } });
    learner = await TestContainer.start({ dir, stateRoot, name: 'learner', files: { '/data/report.csv': 'a,b\n' } });
    p = await Pipeline.start({ containers: [web.id, vault.id, learner.id], stateRoot });
    tap = new ReportsTap(p.kafka.brokers);
    await tap.start();
    const api = p.api;
    await api.ok('POST', '/groups', { name: 'web', selector: { ids: [web.id] }, mode: 'Monitor' });
    await api.ok('POST', '/groups', { name: 'vault', selector: { names: ['vault'] }, mode: 'Monitor' });
    await api.ok('POST', '/groups/vault/filters', { pattern: '/secret/*', behavior: 'block_access', apps: ['head'] });
    await api.ok('POST', '/groups', { name: 'learner', selector: { ids: [learner.id] }, mode: 'Discover' });
    const g = await api.change('POST', '/groups/learner/filters', { pattern: '/data/*', behavior: 'block_access', apps: [] });
    await p.collector.applied(g.revision, learner.id, 'Discover');
    await p.collector.watching([web.id, vault.id, learner.id]);
  }, 240_000);

  afterAll(async () => {
    await tap?.stop().catch(() => undefined);
    await p?.stop(process.env.FSMON_E2E_KEEP_LOGS === '1');
    for (const c of [web, vault, learner]) await c?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('reports a write to /etc/passwd in a container once, with the container, path, text, writer, count, group and kind', async () => {
    const marker = `passwd-writer-${Date.now()}`;
    const writer = web.spawn(`echo "bob:x:1001:1001::/home/bob:/bin/sh" >> /etc/passwd; ${STAY} ${marker}`);
    const proc = await web.find(marker);
    expect(await writer.exited(10_000)).toBe(0);
    const r = await tap.waitFor((m) => m.id === web.id && m.path === '/etc/passwd', 'the /etc/passwd report of web');
    expect(r).toMatchObject<Partial<MonitorMessage>>({
      kind: 'Container.FileAccess.Violation',
      id: web.id,
      container: web.identity,
      host: { id: p.collectorId, name: 'e2e-node' },
      path: '/etc/passwd',
      package: false,
      msg: 'File was modified.',
      group: 'web',
      count: 1,
      action: 'violate',
      procName: 'sh',
      procPath: '/usr/bin/busybox',
      procEUid: 0,
      procEUser: 'root',
      procPName: 'nsenter',
    });
    expect([proc.pid, proc.nsPid]).toContain(r.procPid);
    expect(r.procCmds.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(r.procCmds.join(' ')).toContain(marker);
    expect(Date.parse(r.reportedAt)).toBeGreaterThanOrEqual(Date.parse(r.startAt));
    await settle();
    expect(reportsOf(web, '/etc/passwd')).toHaveLength(1);
    expect(tap.invalid).toBe(0);
  });

  it('catches changes below /usr/bin and to the dpkg status database (the seed misses both)', async () => {
    await web.run(`echo '# v2' >> /usr/bin/tool; ${STAY}`);
    const bin = await tap.waitFor((m) => m.id === web.id && reportPaths(m).includes('/usr/bin/tool'), 'a report of /usr/bin/tool');
    expect(bin).toMatchObject({ kind: 'Container.FileAccess.Violation', group: 'web', procName: 'sh' });
    await web.run(`printf 'Package: curl\\nStatus: install ok installed\\n' >> /var/lib/dpkg/status; ${STAY}`);
    const pkg = await tap.waitFor((m) => m.id === web.id && reportPaths(m).includes('/var/lib/dpkg/status'), 'a report of /var/lib/dpkg/status');
    expect(pkg).toMatchObject({ kind: 'Container.Package.Updated', package: true, group: 'web' });
  });

  it('Protect through the admin API: an app not allowed is refused (EPERM) and reported, an allowed one reads, the host is never blocked', async () => {
    const changed = await p.api.change('PUT', '/groups/vault/mode', { mode: 'Protect' });
    await p.collector.applied(changed.revision, vault.id, 'Protect');
    const denied = await refusedSoon(vault, 'cat /secret/key.txt');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(EPERM);
    expect(await vault.exec('head /secret/key.txt')).toMatchObject({ code: 0, stdout: 'k3y\n' });
    // The same file through the host's path to it: the host is never blocked.
    expect(await runProcess('cat', [path.join(vault.rootfs, 'secret/key.txt')])).toMatchObject({ code: 0, stdout: 'k3y\n' });

    const deny = await tap.waitFor((m) => m.id === vault.id && m.action === 'deny', 'the deny report of vault');
    expect(deny).toMatchObject({ kind: 'Container.FileAccess.Violation', path: '/secret/key.txt', group: 'vault', procName: 'cat', procPath: '/usr/bin/busybox', container: vault.identity });
    expect(deny.msg).toMatch(/denied/i);
    await settle();
    expect(tap.reports((m) => m.id === vault.id && m.action === 'deny' && m.procName === 'head')).toEqual([]);
  });

  it('Discover learns an app into the policy; after Protect that app is allowed and others are refused', async () => {
    expect(await learner.exec(`${APP_CAT} /data/report.csv`)).toMatchObject({ code: 0, stdout: 'a,b\n' });
    let rules: Record<string, { apps: string[] }> = {};
    const key = encodeURIComponent('/data/.*');
    const end = Date.now() + 20_000;
    while (!(rules['/data/.*']?.apps ?? []).includes(APP_CAT)) {
      if (Date.now() > end) throw new Error(`${APP_CAT} was not learned into group learner: ${JSON.stringify(rules)}`);
      await new Promise((r) => setTimeout(r, 200));
      const a = await p.api.get<{ filters?: Record<string, { apps: string[] }> } & Record<string, { apps: string[] }>>('/groups/learner/access-rules');
      rules = a.body.filters ?? a.body;
    }
    expect((await p.api.ok<{ apps: string[] }>('GET', `/groups/learner/access-rules/${key}`)).apps).toContain(APP_CAT);

    const changed = await p.api.change('PUT', '/groups/learner/mode', { mode: 'Protect' });
    await p.collector.applied(changed.revision, learner.id, 'Protect');
    expect((await refusedSoon(learner, 'cat /data/report.csv')).stderr).toMatch(EPERM);
    expect(await learner.exec(`${APP_CAT} /data/report.csv`)).toMatchObject({ code: 0, stdout: 'a,b\n' });
    await tap.waitFor((m) => m.id === learner.id && m.action === 'deny' && m.procPath === '/usr/bin/busybox', 'the deny report of busybox cat in learner');
  });
});
