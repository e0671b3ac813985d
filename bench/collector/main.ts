// Collector bench: the whole collector app (attribution, coalescing, classification, delivery to the
// embedded broker) against the kernel-edge C FID reader and fatrace, with the kernel-edge workload
// run inside a namespace container, in one run; then the collector's RSS with 100k watched files
// across 50 containers. Needs root. Everything lives on a private tmpfs; children are killed and
// files removed on the way out. Figures are printed, never asserted. See run.js.
// Each collector run starts on an idle collector (the previous run's pass and delivery done), as the
// baselines, which defer nothing, start idle: see collectorRun for why, and its per-run line for the
// wait and for the paths its own pass classified inside the timed span.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedKafka, type EmbeddedKafka } from '@fsmon/embedded';
import type { NsContainer } from '../../apps/collector/test/support/ns-container';
import { buildCollector } from './build';
import { CollectorProc } from './collector.proc';
import { killAll, start } from '../support/procs';
import { type Row, fmt, policyFile, print, ratio } from './report';
import { benchContainer, compile, fileSet, privateTmpfs } from './setup';

const quick = process.argv.includes('--quick');
const REPEAT = Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? (quick ? 1 : 3));
const FILES = 50_000;
const LIVE_OPENS = quick ? 200_000 : 500_000;
const BACKLOG = quick ? 200_000 : 500_000;
const RSS_CONTAINERS = 50;
const RSS_FILES = 2000;
/** Seconds after the last workload is watched at which the RSS counts as settled (see rssPhase). */
const SETTLED_S = 30;
const COUNTER = 'events.fanotify';
/** A collector run starts once its deferred work is done and its counters have been still this long (see collectorRun). */
const IDLE_MS = 500;
/** Longest wait for that: the pass after a 500k-open run takes ~5 s, its delivery a few more. */
const IDLE_TIMEOUT_MS = 120_000;
/** Longest wait for the timer's next pass once idle: a window (4 s) and some. */
const PASS_WAIT_MS = 10_000;
/**
 * `--pass-align`: collector runs also start just after a tick of the pass timer, which keeps the pass
 * of the run's own events out of the timed span (see collectorRun). Off by default: that pass is the
 * run's own work, and a deployed collector's pass falls anywhere in a burst.
 */
const PASS_ALIGN = process.argv.includes('--pass-align');
/** `--cpu-prof=DIR`: the collector runs write V8 CPU profiles there (at exit). */
const CPU_PROF = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice(11);
/** `--collector-node=FLAG,FLAG`: extra node flags for the collector (memory experiments: --max-semi-space-size=2, ...). */
const NODE_FLAGS = process.argv.find((a) => a.startsWith('--collector-node='))?.slice(17).split(',').filter(Boolean) ?? [];
/** `--heap-snapshot=DIR`: the RSS phase's collector writes a heap snapshot there before it stops. */
const HEAP_SNAPSHOT = process.argv.find((a) => a.startsWith('--heap-snapshot='))?.slice(16);
/** `--only=live|drain|rss`: run one phase (iteration on one goal; the goal line then shows only it). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
/** `--smaps`: the RSS phase also prints where the collector's resident memory is (smaps, by kind). */
const SMAPS = process.argv.includes('--smaps');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-bench-collector-'));
const containers: NsContainer[] = [];
let kafka: EmbeddedKafka | null = null;
let unmount = (): void => undefined;
/** node arguments that run the compiled collector. */
let program: readonly string[] = [];

function workload(c: NsContainer, opens: number, fork: boolean) {
  const args = ['-t', String(c.rootPid), '-m', '-p', '--root', '--wd', '/usr/bin/workload', '-d', '/srv/set', '-n', String(FILES), '-p', String(Math.max(1, opens / FILES))];
  return start('nsenter', fork ? [...args, '-f'] : args).json(300_000);
}

async function cLive(reader: string, dir: string, c: NsContainer): Promise<Row> {
  const r = start(reader, ['-m', 'fid', '-d', dir]);
  await r.line(/^ready$/, 30_000);
  const wl = await workload(c, LIVE_OPENS, false);
  const out = await r.json(120_000);
  return { impl: 'C FID reader', events: out.events, lost: out.overflows, eventsPerSec: out.eventsPerSec, opensPerSec: wl.opensPerSec };
}

/**
 * fatrace on the same workload. It reads batches of up to 256 KiB and stamps every line of a batch
 * with the batch's read time, so its rate is taken over whole batches: the lines of all batches but
 * the last over the span from the first batch's stamp to the last one's (the lines of batch k were
 * handled between stamps k and k+1; counting the last batch's lines over a span that ends when it
 * was read would credit fatrace with that batch for free). Its mark (the whole filesystem: open,
 * read, close, modify) yields O, R and C for each open+read+close, which the kernel merges into
 * one line ("RCO") while fatrace lags, whereas the collector asks for FAN_OPEN alone: so both the
 * lines/s (records, as the collector's events/s) and the opens it reported per second are given.
 */
async function fatraceLive(c: NsContainer, dir: string): Promise<Row> {
  const out = path.join(work, 'fatrace.out');
  fs.rmSync(out, { force: true });
  // fatrace -c marks the mount of its working directory: the container's view of the tmpfs.
  const f = start('nsenter', ['-t', String(c.rootPid), '-m', `--wd=${dir}`, 'fatrace', '-c', '-tt', '-o', out]);
  await new Promise((r) => setTimeout(r, 800));
  const wl = await workload(c, LIVE_OPENS, false);
  await new Promise((r) => setTimeout(r, 500));
  f.signal('SIGINT');
  const code = await f.exit(30_000);
  const lines = fs.readFileSync(out, 'utf8').trim().split('\n').filter(Boolean);
  const stamps: number[] = [];
  const linesAt = new Map<number, number>();
  let opens = 0;
  let merged = 0;
  for (const l of lines) {
    const ts = Number(l.slice(0, l.indexOf(' ')));
    if (linesAt.get(ts) === undefined) stamps.push(ts);
    linesAt.set(ts, (linesAt.get(ts) ?? 0) + 1);
    const mask = /\): (\S+) /.exec(l)?.[1] ?? '';
    if (mask.includes('O')) opens += 1;
    if (mask.length > 1) merged += 1;
  }
  const seconds = stamps[stamps.length - 1] - stamps[0];
  const lastBatch = linesAt.get(stamps[stamps.length - 1]) ?? 0;
  const timed = (n: number) => (stamps.length > 1 ? (n * (lines.length - lastBatch)) / lines.length / seconds : NaN);
  return {
    impl: `fatrace${code === 0 ? '' : ` (exit ${code})`}`,
    events: lines.length,
    lost: Math.max(0, LIVE_OPENS - opens),
    eventsPerSec: timed(lines.length),
    // The figure this bench gave before (all lines over first-to-last stamp), for comparison.
    eventsPerSecAllLines: lines.length / seconds,
    opensSeen: opens,
    opensSeenPerSec: timed(opens),
    mergedLines: merged,
    batches: stamps.length,
    opensPerSec: wl.opensPerSec,
  };
}

/**
 * One collector run. It starts only once the collector is idle (CollectorProc.idle): no events
 * coming in (its own opens while baselining count too), the coalescing window empty, no hash queued,
 * nothing waiting for delivery, and those counters still for IDLE_MS. Waiting for the event counter
 * alone let runs 2 and 3 start while the previous run's pass (an lstat and a classification per
 * coalesced path, ~30k reports published) still ran for seconds, sharing the 2 cores with the
 * workload, whereas the C reader and fatrace have no deferred work and always start on an idle
 * machine. The pass of the run's own events is the run's work and may fall inside the timed span
 * (the per-run line says how many paths it classified there). With `--pass-align` the run starts
 * just after a tick instead, so that it has a whole window (COALESCE_WINDOW_MS, 4 s; a run lasts
 * 0.5-2 s) before its pass: the event path alone, for comparison. What is timed is
 * unchanged: from the workload's start (or SIGCONT) to the answer that first showed the final
 * event count.
 */
async function collectorRun(col: CollectorProc, c: NsContainer, opens: number, backlog: boolean): Promise<Row> {
  const idle = await col.idle(IDLE_MS, IDLE_TIMEOUT_MS);
  const tickWaitMs = PASS_ALIGN ? await col.nextPass(PASS_WAIT_MS) : 0;
  const before = await col.probe();
  let wl: Record<string, number>;
  let h: Awaited<ReturnType<CollectorProc['handled']>>;
  if (backlog) {
    col.signal('SIGSTOP');
    wl = await workload(c, opens, true);
    const t0 = performance.now();
    col.signal('SIGCONT');
    h = await col.handled(COUNTER, before.counters[COUNTER] ?? 0, t0, 500, 300_000);
  } else {
    const t0 = performance.now();
    const running = workload(c, opens, false);
    h = await col.handled(COUNTER, before.counters[COUNTER] ?? 0, t0, 500, 300_000);
    wl = await running;
  }
  await new Promise((r) => setTimeout(r, 300));
  const after = await col.probe();
  const delta = (k: string) => (after.counters[k] ?? 0) - (before.counters[k] ?? 0);
  const lost = delta('drops.kernel-overflow') + delta('drops.window-full') + delta('drops.unlocated') + delta('drops.foreign-process');
  const blockMs = Math.max(h.blockMs, after.counters['eventloop.blockRecentMs'] ?? 0);
  // The collector's mark asks for FAN_OPEN alone on this read-only workload: one event per open seen.
  // Paths the pass classified within the timed span: a tick that fell inside the run (the first pass of the run's own events).
  const passDuring = (h.atEnd['pass.classified'] ?? 0) - (before.counters['pass.classified'] ?? 0);
  console.log(
    `collector ${backlog ? 'drain' : 'live'} run: started after ${(idle.waitedMs / 1000).toFixed(1)} s waiting for idle (busy when asked: ${idle.busyAtStart}) and ${(tickWaitMs / 1000).toFixed(1)} s for the next pass; ${fmt(h.events / h.seconds)} events/s in ${h.seconds.toFixed(2)} s; pass classified ${fmt(passDuring)} paths within it`,
  );
  return { impl: 'collector', idleWaitS: (idle.waitedMs / 1000).toFixed(1), events: h.events, lost, eventsPerSec: h.events / h.seconds, opensSeen: h.events, opensSeenPerSec: h.events / h.seconds, opensPerSec: wl.opensPerSec, reported: delta('reported.Accessed'), blockMs, slowestProbeMs: h.slowestProbeMs, rssMb: after.counters['memory.rssMb'] ?? 0 };
}

async function repeat(n: number, run: () => Promise<Row>): Promise<Row> {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) rows.push(await run());
  const sorted = [...rows].sort((a, b) => Number(a.eventsPerSec) - Number(b.eventsPerSec));
  const worst = (key: string) => (rows.some((r) => r[key] !== undefined) ? Math.max(...rows.map((r) => Number(r[key] ?? 0))) : '');
  const waits = rows.some((r) => r.idleWaitS !== undefined) ? rows.map((r) => String(r.idleWaitS)).join(' ') : '';
  return { ...sorted[Math.floor(sorted.length / 2)], runs: rows.map((r) => fmt(Number(r.eventsPerSec))).join(' '), idleWaits: waits, lost: Math.max(...rows.map((r) => Number(r.lost))), blockMs: worst('blockMs'), slowestProbeMs: worst('slowestProbeMs') };
}

async function rssPhase(baseEnv: Record<string, string>): Promise<Row> {
  const ids: string[] = [];
  for (let i = 0; i < RSS_CONTAINERS; i++) {
    const c = await benchContainer(path.join(work, 'fs', `rss-${i}`), (root) => fileSet(path.join(root, 'usr/bin/gen'), RSS_FILES));
    containers.push(c);
    ids.push(c.id as string);
  }
  const col = await CollectorProc.start(program, { ...baseEnv, POLICY_FILE: policyFile(work, 'empty', []), WATCH_ONLY_CONTAINERS: ids.join(','), REPORT_ALLOWED_READS: 'false' });
  const t0 = performance.now();
  await col.watching(RSS_CONTAINERS, 600_000);
  const ready = (performance.now() - t0) / 1000;
  // Two readings: 3 s after the last workload is watched (the start-up burst's young generation is
  // still resident then: V8 gives it back when its memory reducer runs, ~15 s into a quiet spell)
  // and settled, SETTLED_S after, which is what a node keeps while it watches.
  await new Promise((r) => setTimeout(r, 3000));
  const early = col.rss();
  const earlyYoungMb = (await col.probe()).counters['memory.youngMb'] ?? 0;
  await new Promise((r) => setTimeout(r, (SETTLED_S - 3) * 1000));
  const probe = await col.probe();
  const mem = col.rss();
  if (SMAPS) printSmaps(col.pid);
  if (HEAP_SNAPSHOT !== undefined) await heapSnapshot(col, path.resolve(HEAP_SNAPSHOT));
  await col.stop();
  const c = probe.counters;
  return {
    containers: probe.nGroups,
    files: c['watch.files'] ?? 0,
    marks: probe.fan.nDirMarks,
    watchSeconds: ready,
    rssMb: mem.rssKb / 1024,
    rss3sMb: early.rssKb / 1024,
    young3sMb: earlyYoungMb,
    hwmMb: mem.hwmKb / 1024,
    heapUsedMb: c['memory.heapUsedMb'] ?? 0,
    heapTotalMb: c['memory.heapTotalMb'] ?? 0,
    externalMb: c['memory.externalMb'] ?? 0,
    compactions: c['memory.compactions'] ?? 0,
    youngMb: c['memory.youngMb'] ?? 0,
    compactedMb: `${c['memory.compactedFromMb'] ?? '-'}->${c['memory.compactedToMb'] ?? '-'}`,
    compactionMs: c['memory.compactionMs'] ?? 0,
  };
}

/** Resident memory of `pid` by mapping kind (smaps): the heap's spaces are anonymous, code is file-backed. */
function printSmaps(pid: number): void {
  const by = new Map<string, number>();
  let name = '';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head !== null) name = head[1] === '' ? '[anon]' : head[1];
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss !== null) by.set(name, (by.get(name) ?? 0) + Number(rss[1]));
  }
  const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`smaps (RSS by mapping, MB): ${top.map(([n, kb]) => `${path.basename(n)} ${(kb / 1024).toFixed(1)}`).join(', ')}`);
  const threads = fs.readdirSync(`/proc/${pid}/task`).map((t) => fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim());
  console.log(`threads (${threads.length}): ${threads.join(', ')}`);
}

/** Asks the collector for a heap snapshot (SIGUSR2) and waits until the file stops growing. */
async function heapSnapshot(col: CollectorProc, dir: string): Promise<void> {
  const before = new Set(fs.readdirSync(dir));
  col.signal('SIGUSR2');
  let size = -1;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    const now = file === undefined ? -1 : fs.statSync(path.join(dir, file)).size;
    if (now > 0 && now === size) return console.log(`heap snapshot: ${path.join(dir, file as string)}`);
    size = now;
  }
  console.log('heap snapshot: not written within 120 s');
}

async function main(): Promise<void> {
  console.log(`collector bench (${quick ? 'quick' : 'full'}, median of ${REPEAT}): kernel ${os.release()}, ${os.cpus().length} CPUs, node ${process.version}`);
  unmount = privateTmpfs(path.join(work, 'fs'), '4g');
  const reader = compile('fan-reader', path.join(work, 'bin/fan-reader'));
  const built = buildCollector(path.join(work, 'collector'));
  if (built.typeErrors !== '') console.log(`note: tsc reported type errors (compiled anyway):\n${built.typeErrors.slice(0, 1500)}`);
  program = [
    ...NODE_FLAGS,
    ...(CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`]),
    ...(HEAP_SNAPSHOT === undefined ? [] : ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${path.resolve(HEAP_SNAPSHOT)}`]),
    ...built.nodeArgs,
  ];
  kafka = await startEmbeddedKafka();
  const main = await benchContainer(path.join(work, 'fs/main'), (root) => {
    fileSet(path.join(root, 'srv/set'), FILES);
    compile('workload', path.join(root, 'usr/bin/workload'), true);
  });
  containers.push(main);
  const setDir = path.join(main.rootfs, 'srv/set');
  const baseEnv = {
    ...built.env,
    KAFKA_BROKERS: kafka.bootstrap,
    NODE_NAME: 'bench',
    POLICY_FILE: policyFile(work, 'bench', [main.id as string]),
    WATCH_HOST: 'false',
    WATCH_ONLY_CONTAINERS: main.id as string,
    SPOOL_DIR: path.join(work, 'spool'),
    REPORT_ALLOWED_READS: 'true',
  };

  const phase = (name: string) => ONLY === undefined || ONLY === name;
  const live: Row[] = [];
  if (phase('live')) {
    live.push(await repeat(REPEAT, () => cLive(reader, setDir, main)), await repeat(REPEAT, () => fatraceLive(main, setDir)));
    const col = await CollectorProc.start(program, baseEnv);
    await col.watching(1, 120_000);
    live.push(await repeat(REPEAT, () => collectorRun(col, main, LIVE_OPENS, false)));
    await col.stop();
  }

  const drain: Row[] = [];
  if (phase('drain')) {
    drain.push(await repeat(REPEAT, async () => {
      const r = start(reader, ['-m', 'fid', '-d', setDir, '-u', '-b']);
      await r.line(/^ready$/, 30_000);
      await workload(main, BACKLOG, true);
      r.send('go\n');
      const out = await r.json(300_000);
      return { impl: 'C FID reader', events: out.events, lost: out.overflows, eventsPerSec: out.eventsPerSec };
    }));
    const col = await CollectorProc.start(program, { ...baseEnv, FANOTIFY_UNLIMITED_QUEUE: 'true' });
    await col.watching(1, 120_000);
    drain.push(await repeat(REPEAT, () => collectorRun(col, main, BACKLOG, true)));
    await col.stop();
  }

  const rss = phase('rss') ? await rssPhase(baseEnv) : null;
  if (ONLY === undefined) report(live, drain, rss as Row);
  else console.log(`--only=${ONLY}: ${JSON.stringify({ live, drain, rss, drainVsCFid: drain.length === 2 ? ratio(drain, 'collector', 'C FID reader') : undefined })}`);
}

function report(live: Row[], drain: Row[], rss: Row): void {
  const cols: Array<[string, (r: Row) => string]> = [
    ['reader', (r) => String(r.impl)],
    ['events', (r) => fmt(+r.events)],
    ['lost', (r) => fmt(+r.lost)],
    ['events/s', (r) => fmt(+r.eventsPerSec)],
    ['workload opens/s', (r) => (r.opensPerSec === undefined ? '' : fmt(+r.opensPerSec))],
    ['runs (events/s)', (r) => String(r.runs)],
    ['longest loop block ms', (r) => (typeof r.blockMs === 'number' ? fmt(r.blockMs) : '')],
    ['slowest /probe ms', (r) => (typeof r.slowestProbeMs === 'number' ? fmt(r.slowestProbeMs) : '')],
    ['waited for idle s (runs)', (r) => String(r.idleWaits ?? '')],
  ];
  const liveCols: Array<[string, (r: Row) => string]> = [
    ...cols.slice(0, 4),
    ['opens seen', (r) => (r.opensSeen === undefined ? '' : fmt(+r.opensSeen))],
    ['opens seen/s', (r) => (r.opensSeenPerSec === undefined ? '' : fmt(+r.opensSeenPerSec))],
    ['merged lines', (r) => (r.mergedLines === undefined ? '' : `${fmt(+r.mergedLines)} in ${fmt(+r.batches)} batches`)],
    ...cols.slice(4),
  ];
  print(`Live: workload ${fmt(LIVE_OPENS)} open+read+close over ${fmt(FILES)} files in a container, default queue (16384)`, live, liveCols);
  print(`Backlog drain: ${fmt(BACKLOG)} events queued (unlimited queue) while the reader was stopped`, drain, cols);
  print(`RSS: ${RSS_CONTAINERS} containers, ${RSS_FILES} files each under /usr/bin, built-in filters`, [rss], [
    ['workloads', (r) => fmt(+r.containers)],
    ['watched files', (r) => fmt(+r.files)],
    ['marks', (r) => fmt(+r.marks)],
    ['all watched after s', (r) => fmt(+r.watchSeconds, 1)],
    ['RSS MB at 3 s', (r) => fmt(+r.rss3sMb, 1)],
    [`RSS MB settled (${SETTLED_S} s)`, (r) => fmt(+r.rssMb, 1)],
    ['peak RSS MB', (r) => fmt(+r.hwmMb, 1)],
    ['JS heap used/total MB', (r) => `${fmt(+r.heapUsedMb, 1)}/${fmt(+r.heapTotalMb, 1)}`],
    ['external MB', (r) => fmt(+r.externalMb, 1)],
    ['young gen MB at 3 s / settled', (r) => `${fmt(+r.young3sMb, 1)}/${fmt(+r.youngMb, 1)}`],
    ['compactions (heap MB, ms)', (r) => `${fmt(+r.compactions)} (${String(r.compactedMb)}, ${fmt(+r.compactionMs)})`],
  ]);
  const goals = {
    liveVsCFid: ratio(live, 'collector', 'C FID reader'),
    liveLost: Number(live[2].lost),
    liveVsFatrace: ratio(live, 'collector', String(live[1].impl)),
    liveVsFatraceOpens: ratio(live, 'collector', String(live[1].impl), 'opensSeenPerSec'),
    drainVsCFid: ratio(drain, 'collector', 'C FID reader'),
    rssMb: Number(rss.rssMb),
    rss3sMb: Number(rss.rss3sMb),
    liveBlockMs: Number(live[2].blockMs),
    drainBlockMs: Number(drain[1].blockMs),
  };
  const fat = live[1];
  if (fat !== undefined) console.log(`\nfatrace, all lines over first-to-last stamp (as this bench counted before): ${fmt(+fat.eventsPerSecAllLines)}/s; collector ${(Number(live[2]?.eventsPerSec) / Number(fat.eventsPerSecAllLines)).toFixed(2)}× that`);
  console.log(`\nGoals: live ${goals.liveVsCFid.toFixed(2)}× C FID (≥ 0.5) with ${goals.liveLost} lost (0); drain ${goals.drainVsCFid.toFixed(2)}× C FID (≥ 0.3); live ${goals.liveVsFatrace.toFixed(2)}× fatrace (≥ 1.5; records/s; ${goals.liveVsFatraceOpens.toFixed(2)}× in opens seen/s); RSS ${goals.rssMb.toFixed(1)} MB settled (≤ 150; ${goals.rss3sMb.toFixed(1)} MB at 3 s); longest event-loop block ${goals.liveBlockMs} ms live, ${goals.drainBlockMs} ms draining`);
  console.log('\n' + JSON.stringify({ bench: 'collector', quick, live, drain, rss, goals }));
}

async function cleanup(): Promise<void> {
  killAll();
  for (const c of containers.splice(0)) await c.stop().catch(() => undefined);
  await kafka?.stop().catch(() => undefined);
  unmount();
  fs.rmSync(work, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
const watchdog = setTimeout(() => {
  console.error('collector bench: gave up after 25 minutes');
  void cleanup().finally(() => process.exit(1));
}, 25 * 60_000);
watchdog.unref();
main().then(
  () => cleanup().then(() => process.exit(0)),
  (e: unknown) => {
    console.error('collector bench failed:', e);
    void cleanup().finally(() => process.exit(1));
  },
);
