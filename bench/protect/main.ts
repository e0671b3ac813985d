// Protect bench: workload opens on a protected directory inside a namespace container, answered by
// the collector's protect path (ProtectService, policy from the policy topic) against the plain C
// allow-all responder of the kernel-edge bench, in the same run; then the time from a rule message
// on the policy topic to the verdict changing. Needs root. Figures are printed, never asserted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Topics, type GroupPolicy } from '@fsmon/contracts';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import { createKafka, EventPublisher } from '@fsmon/kafka';
import { type Proc, killAll, start } from './procs';
import { type BenchContainer, startContainer } from './container';
import { percentile, printTable } from './report';

const ROOT = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const FILES = 1000;
const OPENS = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 2 : 5;
const FLIPS = quick ? 20 : 60;
const STEP_MS = 180_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-protect-bench-'));
let broker: EmbeddedKafka | null = null;
let publisher: EventPublisher | null = null;
let revision = 0;

/** The bench group's policy: `dir`'s files blocked for everyone but `apps`. */
function policy(apps: string[], dir = '/data'): GroupPolicy {
  const at = new Date().toISOString();
  const rule = { apps, behavior: 'block_access' as const, customerAdd: true, createdAt: at, updatedAt: at, failMode: 'open' as const };
  return {
    revision: ++revision,
    name: 'bench',
    deleted: false,
    selector: { ids: ['bench-container'], names: [], images: [], labels: {} },
    profile: {
      group: 'bench',
      mode: 'Protect',
      cfgType: 'user_created',
      filters: [{ filter: `${dir}/*`, path: dir, regex: '.*', recursive: false, customerAdd: true, behavior: 'block_access', dgroup: '' }],
      filtersCRD: [],
    },
    accessRule: { group: 'bench', filters: { [`${dir}/.*`]: rule }, filtersCRD: {} },
    updatedAt: at,
  };
}

async function publish(apps: string[], dir?: string): Promise<number> {
  const p = policy(apps, dir);
  await publisher?.publish(Topics.Policy, [{ key: p.name, value: p }]);
  return p.revision;
}

async function workload(c: BenchContainer, cpu: number): Promise<Record<string, number>> {
  const passes = String(Math.max(1, Math.round(OPENS / FILES)));
  return c.exec(['/bin/workload', '-d', '/data', '-n', String(FILES), '-p', passes], cpu).json(STEP_MS);
}

async function cResponder(c: BenchContainer, pin: 'cross' | 'same'): Promise<Record<string, number | string>> {
  const responder = start(path.join(work, 'perm-responder'), ['-d', path.join(c.root, 'data')], 0);
  await responder.waitLine(/^ready$/, 0, 30_000);
  const wl = await workload(c, pin === 'same' ? 0 : 1);
  responder.signal('SIGTERM');
  await responder.json(30_000);
  return { responder: 'C allow-all', pin, ...wl };
}

async function waitApplied(monitor: Proc, rev: number): Promise<void> {
  await monitor.waitLine(new RegExp(`^applied ${rev} true$`), 0, 60_000);
}

interface Flip {
  /** Message sent → verdict changed. */
  total: number;
  /** Message sent → the collector's policy store applied it and the table was pushed (Kafka + consumer). */
  delivery: number;
  /** Table pushed → the first open with the new verdict. */
  collector: number;
}

/** Flips the verdict FLIPS times (deny ↔ allow for the prober) and times message → changed verdict. */
async function ruleToVerdict(c: BenchContainer, monitor: Proc): Promise<Flip[]> {
  const prober = c.exec(['/bin/verdict-prober', '/data/f0'], 1);
  const first = await prober.waitLine(/^\d+ [01]$/, 0, 30_000);
  let seen = first.index + 1;
  const lat: Flip[] = [];
  let expectOk = first.line.endsWith(' 1');
  for (let i = 0; i < FLIPS; i++) {
    expectOk = !expectOk;
    const sentAt = (performance.timeOrigin + performance.now()) * 1000;
    const rev = await publish(expectOk ? ['workload', 'verdict-prober'] : ['workload']);
    const hit = await prober.waitLine(new RegExp(`^\\d+ ${expectOk ? 1 : 0}$`), seen, 10_000);
    seen = hit.index + 1;
    const flippedAt = Number(hit.line.split(' ')[0]);
    const appliedAt = Number((await monitor.waitLine(new RegExp(`^changed ${rev} \\d+$`), 0, 10_000)).line.split(' ')[2]);
    lat.push({ total: (flippedAt - sentAt) / 1000, delivery: (appliedAt - sentAt) / 1000, collector: (flippedAt - appliedAt) / 1000 });
  }
  prober.signal('SIGKILL');
  return lat;
}

async function main(): Promise<void> {
  console.log(`protect bench (${quick ? 'quick' : 'full'}): kernel ${os.release()}, ${os.cpus().length} CPUs, node ${process.version}`);
  execFileSync('cc', ['-O2', '-Wall', '-o', path.join(work, 'perm-responder'), path.join(ROOT, 'native/kernel-edge/perm-responder.c')], { stdio: 'inherit', timeout: 60_000 });
  const c = await startContainer(work, FILES, 3600);
  broker = await startEmbeddedKafka();
  publisher = new EventPublisher(createKafka({ brokers: broker.brokers, clientId: 'bench-protect-policy', logLevel: 'nothing' }));
  await publisher.connect();

  const rows: Record<string, number | string>[] = [];
  const monitor = start('node', ['-r', path.join(ROOT, 'bench/register-ts.js'), path.join(__dirname, 'monitor.ts'), broker.bootstrap, String(c.pid), String(c.mntns), c.rootLink], 0);
  // Rounds alternate the two responders on the same files; while the C responder runs, the
  // collector's policy protects another directory, so its marks on /data are gone.
  for (let round = 1; round <= ROUNDS; round++) {
    await waitApplied(monitor, await publish(['workload'], '/elsewhere'));
    for (const pin of ['cross', 'same'] as const) rows.push({ round, ...(await cResponder(c, pin)) });
    await waitApplied(monitor, await publish(['workload']));
    for (const pin of ['cross', 'same'] as const) rows.push({ round, responder: 'collector (Protect)', pin, ...(await workload(c, pin === 'same' ? 0 : 1)) });
  }
  const lat = await ruleToVerdict(c, monitor);
  monitor.send('stop\n');
  const counters = await monitor.json<Record<string, number>>(30_000);
  printTable(rows);
  const stats = (k: keyof Flip) => ({ p50: percentile(lat.map((f) => f[k]), 0.5), p99: percentile(lat.map((f) => f[k]), 0.99), max: Math.max(...lat.map((f) => f[k])) });
  const rv = { n: lat.length, total: stats('total'), delivery: stats('delivery'), collector: stats('collector') };
  console.log(`\nrule message on ${Topics.Policy} → verdict changed, ms over ${rv.n} flips (p50 / p99 / max):`);
  for (const k of ['total', 'delivery', 'collector'] as const) {
    console.log(`  ${k.padEnd(9)} ${rv[k].p50.toFixed(2)} / ${rv[k].p99.toFixed(2)} / ${rv[k].max.toFixed(2)}`);
  }
  console.log('  (delivery = broker + policy consumer until the table was pushed; collector = table pushed → first open with the new verdict)');
  console.log(`collector counters: ${JSON.stringify(counters)}`);
  console.log('\n' + JSON.stringify({ bench: 'protect', quick, rows, ruleToVerdictMs: rv, counters }));
}

function cleanup(): void {
  killAll();
  fs.rmSync(work, { recursive: true, force: true });
}

process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
setTimeout(() => {
  console.error('protect bench: gave up after 20 minutes');
  process.exit(1);
}, 20 * 60_000).unref();
main().then(
  async () => {
    await publisher?.disconnect();
    await broker?.stop().catch(() => undefined);
    process.exit(0);
  },
  (e: unknown) => {
    console.error('protect bench failed:', e);
    process.exit(1);
  },
);
