// Whole-system bench (see run.js). Needs root, cc and busybox-static. Everything lives in private
// temporary directories; containers, apps, the broker and redis are stopped on the way out; every
// wait is bounded. Figures are printed, never asserted: the machine is shared, so the C reader runs
// in the same run and the throughput goal is a ratio.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApps, type AppBuild } from '../../apps/pipeline-e2e/src/support/app.build';
import { Pipeline, TEST_WINDOWS } from '../../apps/pipeline-e2e/src/support/pipeline.harness';
import { ReportsTap, reportPaths } from '../../apps/pipeline-e2e/src/support/reports.tap';
import { TestContainer } from '../../apps/pipeline-e2e/src/support/test-container';
import { killAll, start } from '../support/procs';
import { fileSetIn, percentile, RawArrivals, rssOf } from './bench.support';

const ROOT = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const FILES = quick ? 2000 : 5000;
const OPENS = quick ? 200_000 : 500_000;
const PROBES = quick ? 10 : 25;
const SET = '/srv/set';
/** Both windows a change waits in by design: the collector's coalescing and the aggregator's hold. */
const WINDOW_MS = TEST_WINDOWS.collectorCoalesceMs + TEST_WINDOWS.aggregatorHoldMs;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-bench-e2e-'));
let build: AppBuild | null = null;
let pipeline: Pipeline | null = null;
let tap: ReportsTap | null = null;
let raw: RawArrivals | null = null;
const containers: TestContainer[] = [];

async function main(): Promise<void> {
  console.log(`e2e bench (${quick ? 'quick' : 'full'}): kernel ${os.release()}, ${os.cpus().length} CPUs, node ${process.version}`);
  const reader = path.join(work, 'bin/fan-reader');
  fs.mkdirSync(path.dirname(reader), { recursive: true });
  execFileSync('cc', ['-O2', '-Wall', '-o', reader, path.join(ROOT, 'native/kernel-edge/fan-reader.c')], { stdio: 'inherit', timeout: 120_000 });
  const workloadBin = path.join(work, 'bin/workload');
  execFileSync('cc', ['-static', '-O2', '-Wall', '-o', workloadBin, path.join(ROOT, 'native/kernel-edge/workload.c')], { stdio: 'inherit', timeout: 120_000 });

  const stateRoot = path.join(work, 'state');
  const main = await TestContainer.start({ dir: work, stateRoot, name: 'bench' });
  const storm = await TestContainer.start({ dir: work, stateRoot, name: 'storm' });
  containers.push(main, storm);
  for (const c of containers) {
    fileSetIn(path.join(c.rootfs, SET.slice(1)), FILES);
    fs.copyFileSync(workloadBin, path.join(c.rootfs, 'usr/bin/workload'));
    fs.chmodSync(path.join(c.rootfs, 'usr/bin/workload'), 0o755);
  }

  build = await buildApps();
  pipeline = await Pipeline.start({
    containers: [main.id, storm.id],
    stateRoot,
    build,
    env: { collector: { LOG_LEVEL: 'warn', REPORT_ALLOWED_READS: 'true', PROTECT_PERMISSION: 'off', PROTECT_OBSERVE: 'notify' }, aggregator: { LOG_LEVEL: 'warn' }, policy: { LOG_LEVEL: 'warn' } },
  });
  const p = pipeline;
  tap = new ReportsTap(p.kafka.brokers);
  await tap.start();
  raw = new RawArrivals(p.kafka.brokers);
  await raw.start();
  await p.api.ok('POST', '/groups', { name: 'bench', selector: { ids: [main.id, storm.id] }, mode: 'Monitor' });
  const g = await p.api.change('POST', '/groups/bench/filters', { pattern: `${SET}/*`, behavior: 'monitor_change' });
  await p.collector.applied(g.revision, main.id, 'Monitor');
  await p.collector.applied(g.revision, storm.id, 'Monitor');
  await p.collector.watching([main.id, storm.id], 120_000);
  await warmUp(main);

  const idle = await latencyProbes(main, 'idle', PROBES);
  // The storm stops when /tmp/stop appears (`[` and `echo` are shell builtins: no fork per write).
  const stormProc = storm.spawn(`i=0; while [ ! -e /tmp/stop ]; do echo $i > ${SET}/f$((i % ${FILES})); i=$((i+1)); done; echo $i`);
  let stormed: Probe[];
  const sampler = sampleCollector(p);
  try {
    await new Promise((r) => setTimeout(r, 2000));
    stormed = await latencyProbes(main, 'storm', PROBES);
  } finally {
    collectorUnderStorm = await sampler.stop();
    fs.writeFileSync(path.join(storm.rootfs, 'tmp/stop'), '');
    await stormProc.exited(30_000).catch(() => undefined);
  }
  const stormWrites = Number(stormProc.stdout().trim()) || 0;
  const stormEvents = (await probeCounters(p))['events.fanotify'] ?? 0;

  // Sustained rate: the same open+read+close workload in the container, first the C FID reader alone
  // on the directory, then the whole pipeline (collector → broker → aggregator → reports).
  const setDir = path.join(main.rootfs, SET.slice(1));
  const wl = (opens: number) => start('nsenter', ['-t', String(main.rootPid), '-m', '-p', '--root', '--wd', '/usr/bin/workload', '-d', SET, '-n', String(FILES), '-p', String(Math.max(1, Math.round(opens / FILES)))]).json(300_000);
  const c = start(reader, ['-m', 'fid', '-d', setDir]);
  await c.line(/^ready$/, 30_000);
  const cWork = await wl(OPENS);
  const cOut = await c.json(120_000);

  const before = await probeCounters(p);
  const reportsBefore = tap.all.length;
  const t0 = performance.now();
  const pWork = wl(OPENS);
  const handled = await countUntilIdle(p, 'events.fanotify', before['events.fanotify'] ?? 0, t0, 1000, 300_000);
  const pWl = await pWork;
  const after = await probeCounters(p);
  const wanted = Array.from({ length: FILES }, (_, i) => `${SET}/f${i}`);
  const covered = await coverage(main.id, wanted, reportsBefore, 60_000);
  const endToEnd = (performance.now() - t0) / 1000;
  const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const lost = ['drops.kernel-overflow', 'drops.window-full', 'drops.unlocated', 'drops.foreign-process'].reduce((s, k) => s + delta(k), 0);
  const status = await p.collector.status();

  const rss = Object.fromEntries((['collector', 'aggregator', 'policy'] as const).map((n) => [n, rssOf(p.apps[n].pid)]));
  const result = {
    windowMs: WINDOW_MS,
    latency: { idle: summarize(idle), storm: summarize(stormed), stormWrites, stormEventsTotal: stormEvents, collectorUnderStorm },
    sustained: {
      files: FILES,
      opens: OPENS,
      cReader: { events: cOut.events, overflows: cOut.overflows, eventsPerSec: cOut.eventsPerSec, workloadOpensPerSec: cWork.opensPerSec },
      pipeline: { events: handled.events, eventsPerSec: handled.events / handled.seconds, workloadOpensPerSec: pWl.opensPerSec, lostCounted: lost, drops: status.drops, pathsReported: covered, pathsExpected: FILES, secondsToLastReport: endToEnd },
    },
    rssMb: rss,
  };
  print(result);
}

/** What the collector's /probe said while the storm ran (polled every 100 ms). */
let collectorUnderStorm: Record<string, number> = {};

function sampleCollector(p: Pipeline): { stop(): Promise<Record<string, number>> } {
  let first: Record<string, number> | null = null;
  let last: Record<string, number> = {};
  let blockMaxMs = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const c = await probeCounters(p).catch(() => null);
      if (c) {
        first ??= c;
        last = c;
        blockMaxMs = Math.max(blockMaxMs, c['eventloop.blockRecentMs'] ?? 0);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const d = (k: string) => (last[k] ?? 0) - (first?.[k] ?? 0);
      return { passes: d('pass.runs'), passOverruns: d('pass.overruns'), classified: d('pass.classified'), fanotifyEvents: d('events.fanotify'), blockMaxMs };
    },
  };
}

async function probeCounters(p: Pipeline): Promise<Record<string, number>> {
  return (await p.collector.get<{ counters: Record<string, number> }>('/probe')).counters;
}

/**
 * Polls a collector counter until it stops moving for `idleMs`; the events counted and the seconds
 * from `since` (the workload's start) to the last poll that saw it move (poll period 20 ms).
 */
async function countUntilIdle(p: Pipeline, counter: string, from: number, since: number, idleMs: number, timeoutMs: number): Promise<{ events: number; seconds: number }> {
  const end = Date.now() + timeoutMs;
  const first = since;
  let last = 0;
  let seen = from;
  for (;;) {
    const now = performance.now();
    const v = (await probeCounters(p))[counter] ?? 0;
    if (v !== seen) {
      last = now;
      seen = v;
    } else if (last > 0 && now - last > idleMs) break;
    if (Date.now() > end) throw new Error(`collector still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { events: seen - from, seconds: Math.max(0.001, (last - first) / 1000) };
}

/** How many of `paths` (container `id`) are in reports that arrived after index `from` (bounded wait for all). */
async function coverage(id: string, paths: string[], from: number, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  let n = 0;
  while (Date.now() < end) {
    const seen = new Set((tap as ReportsTap).all.slice(from).filter((t) => t.value.id === id).flatMap((t) => reportPaths(t.value)));
    n = paths.filter((x) => seen.has(x)).length;
    if (n === paths.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return n;
}

/** One latency probe, ms: from the writing shell's start and from the change itself, and the split at the collector. */
interface Probe {
  /** Report arrival − just before the shell that writes starts (includes starting nsenter + sh). */
  fromShell: number;
  /** Report arrival − the file's mtime (the write itself, kernel clock): "file change → report". */
  fromChange: number;
  /** The report's startAt (when the collector handled the event) − the change: kernel queue + collector backlog. */
  toCollector: number;
  /** Report arrival − startAt: coalescing window, publish, aggregator hold and tick, report publish, delivery. */
  afterCollector: number;
  /** Raw event seen by a consumer − startAt: the collector's coalescing window, publishing, the broker, a fetch. */
  collectorToRaw: number;
  /** Report arrival − raw event seen: the aggregator (fetch, hold, tick, report publish) and the report's delivery. */
  rawToReport: number;
}

/**
 * `n` changes, one at a time, each a new file, spaced so each is its own report (windows closed in
 * between). The change's time is the file's mtime, read right after the write (same clock as
 * Date.now(), CLOCK_REALTIME; jiffy-coarse, a few ms).
 */
async function latencyProbes(c: TestContainer, tag: string, n: number): Promise<Probe[]> {
  const out: Probe[] = [];
  for (let i = 0; i < n; i++) {
    const file = `${SET}/lat-${tag}-${i}`;
    (raw as RawArrivals).watch(file);
    const t0 = Date.now();
    await c.run(`echo ${i} > ${file}`);
    const changedAt = fs.statSync(path.join(c.rootfs, file.slice(1))).mtimeMs;
    const r = await (tap as ReportsTap).waitFor((m) => m.id === c.id && reportPaths(m).includes(file), `the report of ${file}`, 30_000);
    const hit = (tap as ReportsTap).all.find((t) => t.value === r);
    const at = hit?.receivedAt ?? Date.now();
    const seenAt = Date.parse(r.startAt);
    const rawAt = (raw as RawArrivals).arrivalOf(file);
    out.push({ fromShell: at - t0, fromChange: at - changedAt, toCollector: seenAt - changedAt, afterCollector: at - seenAt, collectorToRaw: rawAt - seenAt, rawToReport: at - rawAt });
    await new Promise((res) => setTimeout(res, WINDOW_MS + 300));
  }
  return out;
}

/** One change through the whole pipeline (every consumer group joined), retried while the apps settle (bounded). */
async function warmUp(c: TestContainer): Promise<void> {
  for (let i = 0; ; i++) {
    const file = `${SET}/warm-up-${i}`;
    await c.run(`echo ${i} > ${file}`);
    try {
      await (tap as ReportsTap).waitFor((m) => m.id === c.id && reportPaths(m).includes(file), `the report of ${file}`, 30_000);
      return;
    } catch (e) {
      if (i >= 3) throw e;
    }
  }
}

type Summary = { n: number; p50: number; p99: number; max: number };
function summary(all: number[]): Summary {
  const xs = all.filter(Number.isFinite); // a raw event the arrivals tap missed has no split
  return { n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs) };
}

type ProbeSummary = Record<keyof Probe, Summary>;
function summarize(probes: Probe[]): ProbeSummary {
  const keys = ['fromShell', 'fromChange', 'toCollector', 'afterCollector', 'collectorToRaw', 'rawToReport'] as const;
  return Object.fromEntries(keys.map((k) => [k, summary(probes.map((p) => p[k]))])) as ProbeSummary;
}

type Result = {
  windowMs: number;
  latency: { idle: ProbeSummary; storm: ProbeSummary; stormWrites: number; stormEventsTotal: number; collectorUnderStorm: Record<string, number> };
  sustained: {
    files: number;
    opens: number;
    cReader: { events: number; overflows: number; eventsPerSec: number; workloadOpensPerSec: number };
    pipeline: { events: number; eventsPerSec: number; workloadOpensPerSec: number; lostCounted: number; drops: Record<string, number>; pathsReported: number; pathsExpected: number; secondsToLastReport: number };
  };
  rssMb: Record<string, { rssMb: number; hwmMb: number }>;
};

function print(r: Result): void {
  const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
  const { idle, storm } = r.latency;
  const s = r.sustained;
  console.log(`\nChange → report latency (ms), windows: coalescing ${TEST_WINDOWS.collectorCoalesceMs} + hold ${TEST_WINDOWS.aggregatorHoldMs} (tick ${TEST_WINDOWS.aggregatorTickMs})`);
  const line = (x: Summary) => `p50 ${f(x.p50)}  p99 ${f(x.p99)}  max ${f(x.max)}`;
  for (const [name, x] of [['idle', idle], ['write storm', storm]] as const) {
    console.log(`  ${name.padEnd(11)}  n=${x.fromChange.n}  change → report: ${line(x.fromChange)}`);
    console.log(`  ${''.padEnd(11)}  from the writing shell's start: ${line(x.fromShell)}`);
    console.log(`  ${''.padEnd(11)}  change → collector handled it: ${line(x.toCollector)};  collector → report: ${line(x.afterCollector)}`);
    console.log(`  ${''.padEnd(11)}  of which collector → raw event consumed: ${line(x.collectorToRaw)};  raw event → report: ${line(x.rawToReport)}`);
  }
  console.log(`  (storm: a shell rewriting ${FILES} files in a second container, ${f(r.latency.stormWrites)} writes)`);
  console.log(`  collector during the storm: ${Object.entries(r.latency.collectorUnderStorm).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
  console.log(`\nSustained: ${f(s.opens)} open+read+close over ${f(s.files)} files in a container`);
  console.log(`  C FID reader  ${f(s.cReader.eventsPerSec)} events/s (${f(s.cReader.events)} events, ${s.cReader.overflows} overflows; workload ${f(s.cReader.workloadOpensPerSec)} opens/s)`);
  console.log(`  fsmon (3 apps) ${f(s.pipeline.eventsPerSec)} events/s (${f(s.pipeline.events)} events; workload ${f(s.pipeline.workloadOpensPerSec)} opens/s); counted drops ${s.pipeline.lostCounted}; ${f(s.pipeline.pathsReported)}/${f(s.pipeline.pathsExpected)} files reported, last after ${f(s.pipeline.secondsToLastReport, 1)} s`);
  console.log(`\nRSS (MB, now / peak): ${Object.entries(r.rssMb).map(([n, m]) => `${n} ${f(m.rssMb, 1)} / ${f(m.hwmMb, 1)}`).join(', ')}`);
  const ratio = s.pipeline.eventsPerSec / s.cReader.eventsPerSec;
  const silentLoss = s.pipeline.pathsExpected - s.pipeline.pathsReported - s.pipeline.lostCounted;
  const goals = { p99IdleMs: idle.fromChange.p99, p99StormMs: storm.fromChange.p99, p99GoalMs: r.windowMs + 500, sustainedVsC: ratio, silentLoss: Math.max(0, silentLoss) };
  console.log(
    `\nGoals: change → report p99 idle ${f(goals.p99IdleMs)} ms / storm ${f(goals.p99StormMs)} ms (≤ ${r.windowMs + 500}); sustained ${ratio.toFixed(2)}× C FID reader (≥ 0.3) with ${goals.silentLoss} silent loss (0)`,
  );
  console.log('\n' + JSON.stringify({ bench: 'e2e', quick, ...r, goals }));
}

async function cleanup(): Promise<void> {
  killAll();
  await tap?.stop().catch(() => undefined);
  await raw?.stop().catch(() => undefined);
  await pipeline?.stop(process.env.FSMON_BENCH_KEEP_LOGS === '1').catch((e: Error) => console.error(`stopping the pipeline: ${e.message}`));
  for (const c of containers.splice(0)) await c.stop().catch(() => undefined);
  build?.remove();
  fs.rmSync(work, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
const watchdog = setTimeout(() => {
  console.error('e2e bench: gave up after 20 minutes');
  void cleanup().finally(() => process.exit(1));
}, 20 * 60_000);
watchdog.unref();
main().then(
  () => cleanup().then(() => process.exit(0)),
  (e: unknown) => {
    console.error('e2e bench failed:', e);
    void cleanup().finally(() => process.exit(1));
  },
);
