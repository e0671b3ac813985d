// The whole collector app (AppModule as main.ts boots it) against the embedded Kafka, with a policy
// file whose group selects a namespace container by its docker labels: admin endpoints, and a write
// inside the container arriving on the raw-event topic; the status heartbeat lists the container.
import type { INestApplication } from '@nestjs/common';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '@fsmon/app-kit';
import { type GroupPolicy, Topics } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { collectMessages, startTestKafka, type TestKafka } from '@fsmon/testing';
import { AppModule } from '../src/app.module';
import { loadCollectorSettings } from '../src/collector.config';
import { PROTECT_AUDIT_SINK } from '../src/protect';
import { ENFORCEMENT_AUDIT_PUBLISHER } from '../src/publish';
import { writeDockerState } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

jest.setTimeout(60_000);

const AT = '2025-01-01T00:00:00.000Z';
const shop: GroupPolicy = {
  revision: 7,
  name: 'shop',
  deleted: false,
  selector: { ids: [], names: [], images: [], labels: { 'io.kubernetes.pod.namespace': 'shop' } },
  profile: { group: 'shop', mode: 'Monitor', cfgType: 'user_created', filters: [...DEFAULT_FILTERS], filtersCRD: [] },
  accessRule: { group: 'shop', filters: {}, filtersCRD: {} },
  updatedAt: AT,
};

describe('collector app (AppModule)', () => {
  let kafka: TestKafka;
  let tmp: string;
  let container: NsContainer;
  let app: INestApplication | undefined;
  let base: string;
  let id: string;

  beforeAll(async () => {
    kafka = await startTestKafka();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-app-'));
    id = newContainerId();
    writeDockerState(path.join(tmp, 'host'), id, { name: 'cart', image: 'shop/cart:2', labels: { 'io.kubernetes.pod.namespace': 'shop' } });
    fs.writeFileSync(path.join(tmp, 'policy.json'), JSON.stringify([shop]));
    container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs')), id });
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      NODE_NAME: 'node-a',
      LOG_LEVEL: 'warn',
      POLICY_FILE: path.join(tmp, 'policy.json'),
      SPOOL_DIR: path.join(tmp, 'spool'),
      WATCH_HOST: 'false',
      WATCH_ONLY_CONTAINERS: id,
      RUNTIME_STATE_ROOT: path.join(tmp, 'host'),
      COALESCE_WINDOW_MS: '200',
      DISCOVERY_INTERVAL_MS: '200',
      STATUS_INTERVAL_MS: '1000',
      RAW_BATCH_LINGER_MS: '10',
    };
    app = await startApp(
      () => loadCollectorSettings(env),
      (s) => ({ module: AppModule.forRoot(s), listen: { host: '127.0.0.1', port: 0 } }),
    );
    base = `http://127.0.0.1:${(app?.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await container?.stop();
    await kafka?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, text: await res.text() };
  };

  it('watches the container with its group and serves /watches, /probe, /metrics, /health', async () => {
    let watches: { workloads: Array<{ rootPid: number; groups: string[]; mode: string; state: string; paths: Array<{ path: string; children?: Array<{ name: string }> }> }> } = { workloads: [] };
    const deadline = Date.now() + 10_000;
    while (watches.workloads[0]?.state !== 'active' && Date.now() < deadline) {
      watches = JSON.parse((await get(`/watches?id=${id}`)).text) as typeof watches;
      await new Promise((r) => setTimeout(r, 100));
    }
    const w = watches.workloads[0];
    expect(w).toMatchObject({ rootPid: container.rootPid, groups: ['shop'], mode: 'Monitor', state: 'active' });
    expect(w.paths.find((p) => p.path === '/etc')?.children?.map((c) => c.name)).toEqual(expect.arrayContaining(['passwd', 'shadow', 'hosts']));
    const probe = JSON.parse((await get('/probe')).text) as { nGroups: number; fan: { nDirMarks: number } };
    expect(probe.nGroups).toBe(1);
    expect(probe.fan.nDirMarks).toBeGreaterThan(5);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(/^fsmon_collector_marks \d+/m);
    expect(metrics).toMatch(/^fsmon_collector_workloads 1$/m);
    expect(metrics).toMatch(/^fsmon_collector_protect_denials_total\{outcome="blocked"\} 0$/m);
    expect(metrics).toMatch(/^fsmon_collector_protect_suspended 0$/m);
    expect((await get('/health')).status).toBe(200);
  });

  it("merges the protect module's state into /status and binds its audit sink to the status topic", async () => {
    const status = JSON.parse((await get('/status')).text) as { appliedRevision: number; containers: Array<{ permission: boolean; mode: string }>; probe: { counters: Record<string, number> } };
    expect(status.appliedRevision).toBe(7);
    expect(status.containers[0]).toMatchObject({ mode: 'Monitor', permission: false });
    expect(status.probe.counters).toMatchObject({ 'denials.blocked': 0, 'denials.unauthorized': 0, 'protect.suspended': 0, 'protect.service.applies': expect.any(Number) });
    // The watchdog's enforcement changes go to the status publisher, not only to the log.
    expect(app?.get(PROTECT_AUDIT_SINK, { strict: false })).toBe(app?.get(ENFORCEMENT_AUDIT_PUBLISHER));
  });

  it('publishes a write inside the container to the raw-event topic, and the container in its status', async () => {
    await container.exec('echo "bob:x:1001:1001::/:/bin/sh" >> /etc/passwd; sleep 0.5; echo done');
    const raw = await collectMessages(kafka.brokers, Topics.RawEvents, { count: 1, timeoutMs: 20_000 });
    const event = raw[0].value.events.find((e) => e.type === 'file' && e.path === '/etc/passwd');
    expect(raw[0].key).toBe(`node-a/${id}`);
    expect(event).toMatchObject({ kind: 'Modified', group: 'shop', container: { id, name: 'cart', image: 'shop/cart:2' }, rootPid: container.rootPid });
    const statuses = await collectMessages(kafka.brokers, Topics.CollectorStatus, { count: 3, timeoutMs: 20_000 });
    const status = statuses.map((m) => m.value).filter((v) => v.containers.length > 0).pop();
    expect(status?.containers[0]).toMatchObject({ container: { id }, rootPid: container.rootPid, groups: ['shop'], mode: 'Monitor' });
    expect(status?.capabilities.fidReporting).toBe(true);
    expect(status?.probe.nGroups).toBe(1);
  });
});
