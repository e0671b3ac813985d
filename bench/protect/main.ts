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
import { type Proc, killAll, start } from '../support/procs';
import { runWithCleanup } from '../support/run-bench';
import { type BenchContainer, startContainer } from './container';
import { collectorSpent, processCpuUs, threadCpuUs } from './cpu';
import { percentile, printTable } from './report';

const ROOT = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
/** `--fetch-wait-ms N`: the policy consumer's maxWaitTimeInMs (default: the collector's own). */
const fetchWaitArg = process.argv.indexOf('--fetch-wait-ms');
const fetchWaitMs = fetchWaitArg > 0 ? process.argv[fetchWaitArg + 1] : undefined;
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
  const responder = start(path.join(work, 'perm-responder'), ['-d', path.join(c.root, 'data')], { cpu: 0 });
  await responder.waitLine(/^ready$/, 0, 30_000);
  const before = processCpuUs(responder.pid) ?? NaN;
  const wl = await workload(c, pin === 'same' ? 0 : 1);
  const spent = (processCpuUs(responder.pid) ?? NaN) - before;
  responder.signal('SIGTERM');
  await responder.json(30_000);
  return { responder: 'C allow-all', pin, ...wl, cpuUsPerOpen: spent / wl.opens };
}

/** Stall-watchdog trips so far (the monitor prints "trips <n>" on each). */
function trips(monitor: Proc): number {
  const last = monitor.lines().filter((l) => l.startsWith('trips ')).pop();
  return last === undefined ? 0 : Number(last.split(' ')[1]);
}

/**
 * The workload against the collector, with the CPU its threads spent per open, and the watchdog
 * trips meanwhile (a round with a trip was partly answered by notification, not by permission events).
 */
async function collectorRound(c: BenchContainer, monitor: Proc, pin: 'cross' | 'same'): Promise<Record<string, number | string>> {
  const before = threadCpuUs(monitor.pid);
  const tripsBefore = trips(monitor);
  const wl = await workload(c, pin === 'same' ? 0 : 1);
  const spent = collectorSpent(monitor.pid, before, threadCpuUs(monitor.pid));
  const perOpen = (us: number): number => us / wl.opens;
  return {
    responder: 'collector (Protect)',
    pin,
    ...wl,
    cpuUsPerOpen: perOpen(spent.main + spent.worker + spent.other),
    mainUsPerOpen: perOpen(spent.main),
    workerUsPerOpen: perOpen(spent.worker),
    trips: trips(monitor) - tripsBefore,
  };
}

/** Waits until `rev` is applied with permission events in force (after a watchdog restore, if one tripped). */
async function waitApplied(monitor: Proc, rev: number): Promise<void> {
  await monitor.waitLine(new RegExp(`^applied ${rev} true$`), 0, 120_000);
}

interface Flip {
  /** Message sent → verdict changed. */
  total: number;
  /** Message sent → the collector's policy store applied it and the table was pushed (Kafka + consumer). */
  delivery: number;
  /** Table pushed → the first open with the new verdict. */
  collector: number;
  /** Longest time the prober itself was held (not scheduled) between the message and the change; 0 if never over 20 ms. */
  proberStall: number;
}

/** Flips the verdict FLIPS times (deny ↔ allow for the prober) and times message → changed verdict. */
async function ruleToVerdict(c: BenchContainer, monitor: Proc): Promise<Flip[]> {
  const prober = c.exec(['/bin/verdict-prober', '/data/f0'], 1);
  const first = await prober.waitLine(/^\d+ [01]$/, 0, 30_000);
  let seen = first.index + 1;
  const windows: Array<{ sentAt: number; flippedAt: number; appliedAt: number }> = [];
  let expectOk = first.line.endsWith(' 1');
  for (let i = 0; i < FLIPS; i++) {
    expectOk = !expectOk;
    const sentAt = (performance.timeOrigin + performance.now()) * 1000;
    const rev = await publish(expectOk ? ['workload', 'verdict-prober'] : ['workload']);
    const hit = await prober.waitLine(new RegExp(`^\\d+ ${expectOk ? 1 : 0}$`), seen, 10_000);
    seen = hit.index + 1;
    const flippedAt = Number(hit.line.split(' ')[0]);
    const appliedAt = Number((await monitor.waitLine(new RegExp(`^changed ${rev} \\d+$`), 0, 10_000)).line.split(' ')[2]);
    windows.push({ sentAt, flippedAt, appliedAt });
  }
  const stalls = prober
    .lines()
    .filter((l) => l.startsWith('stall '))
    .map((l) => l.split(' ').map(Number))
    .map(([, at, us]) => ({ from: at, to: at + us }));
  prober.signal('SIGKILL');
  return windows.map(({ sentAt, flippedAt, appliedAt }) => {
    const held = stalls.filter((s) => s.to > sentAt && s.from < flippedAt).map((s) => (s.to - s.from) / 1000);
    return { total: (flippedAt - sentAt) / 1000, delivery: (appliedAt - sentAt) / 1000, collector: (flippedAt - appliedAt) / 1000, proberStall: Math.max(0, ...held) };
  });
}

async function main(): Promise<void> {
  console.log(`protect bench (${quick ? 'quick' : 'full'}): kernel ${os.release()}, ${os.cpus().length} CPUs, node ${process.version}`);
  execFileSync('cc', ['-O2', '-Wall', '-o', path.join(work, 'perm-responder'), path.join(ROOT, 'native/kernel-edge/perm-responder.c')], { stdio: 'inherit', timeout: 60_000 });
  const c = await startContainer(work, FILES, 3600);
  broker = await startEmbeddedKafka();
  publisher = new EventPublisher(createKafka({ brokers: broker.brokers, clientId: 'bench-protect-policy', logLevel: 'nothing' }));
  await publisher.connect();

  const rows: Record<string, number | string>[] = [];
  const monitor = start('node', ['-r', path.join(ROOT, 'bench/register-ts.js'), path.join(__dirname, 'monitor.ts'), broker.bootstrap, String(c.pid), String(c.mntns), c.rootLink, ...(fetchWaitMs ? [fetchWaitMs] : [])], { cpu: 0 });
  // Rounds alternate the two responders on the same files; while the C responder runs, the
  // collector's policy protects another directory, so its marks on /data are gone.
  for (let round = 1; round <= ROUNDS; round++) {
    await waitApplied(monitor, await publish(['workload'], '/elsewhere'));
    for (const pin of ['cross', 'same'] as const) rows.push({ round, ...(await cResponder(c, pin)) });
    await waitApplied(monitor, await publish(['workload']));
    for (const pin of ['cross', 'same'] as const) rows.push({ round, ...(await collectorRound(c, monitor, pin)) });
  }
  const lat = await ruleToVerdict(c, monitor);
  monitor.send('stop\n');
  const counters = await monitor.json<Record<string, number>>(30_000);
  printTable(rows);
  const stats = (k: keyof Flip) => ({ p50: percentile(lat.map((f) => f[k]), 0.5), p99: percentile(lat.map((f) => f[k]), 0.99), max: Math.max(...lat.map((f) => f[k])) });
  const stalled = lat.filter((f) => f.proberStall > 0);
  const rv = { n: lat.length, total: stats('total'), delivery: stats('delivery'), collector: stats('collector'), proberStalledFlips: stalled.length };
  console.log(`\nrule message on ${Topics.Policy} → verdict changed, ms over ${rv.n} flips (p50 / p99 / max):`);
  for (const k of ['total', 'delivery', 'collector'] as const) {
    console.log(`  ${k.padEnd(9)} ${rv[k].p50.toFixed(2)} / ${rv[k].p99.toFixed(2)} / ${rv[k].max.toFixed(2)}`);
  }
  console.log('  (delivery = broker + policy consumer until the table was pushed; collector = table pushed → first open with the new verdict)');
  console.log(
    `  flips in which the prober itself was held over 20 ms: ${stalled.length}` +
      (stalled.length === 0 ? '' : ` (longest ${Math.max(...stalled.map((f) => f.proberStall)).toFixed(1)} ms; their totals ${stalled.map((f) => f.total.toFixed(0)).join(', ')} ms)`),
  );
  console.log(`collector counters: ${JSON.stringify(counters)}`);
  console.log('\n' + JSON.stringify({ bench: 'protect', quick, rows, ruleToVerdictMs: rv, counters }));
}

function cleanup(): void {
  killAll();
  fs.rmSync(work, { recursive: true, force: true });
}

runWithCleanup('protect bench', 20, cleanup, async () => {
  await main();
  await publisher?.disconnect();
  await broker?.stop().catch(() => undefined);
});
