// fs-events in its own process, driven like the C baselines: prints "ready", then (backlog readers)
// waits for "go" on stdin; readers exit after idleMs without events, responders on "stop".
//   reader <fid|fd> <dir> <backlog|live> [idleMs, default 300]
//   responder <empty|rules|floor> <dir>
// Prints one JSON line of figures. Exits on its own after 120 s whatever happens.
import path from 'node:path';
import readline from 'node:readline';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FAN_CLASS_CONTENT, FAN_CLOEXEC, FAN_EVENT_ON_CHILD, FAN_MARK_ADD, FAN_OPEN_PERM, FAN_UNLIMITED_QUEUE, O_CLOEXEC, O_LARGEFILE, O_RDONLY, loadLibc } from '@fsmon/ffi';
import { FAN, FanotifySource, PermissionResponder, type PermissionRule } from '@fsmon/fs-events';


/** CPU seconds (user + system) of this process, all threads: the reader worker's and the main thread's. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function stdinLines(): AsyncIterableIterator<string> {
  return readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
}

async function reader(mode: 'fid' | 'fd', dir: string, backlog: boolean, idleMs: number): Promise<void> {
  const source = FanotifySource.open({ report: mode, unlimitedQueue: backlog });
  source.mark({ path: dir, mask: FAN.OPEN | FAN.CLOSE_NOWRITE, onChild: true });
  let events = 0;
  let overflows = 0;
  let start = 0;
  let last = 0;
  let cpuStart = 0;
  let cpuLast = 0;
  source.start((batch) => {
    const now = performance.now();
    if (start === 0) [start, cpuStart] = [now, cpuSeconds()];
    events += batch.length;
    for (const e of batch) if (e.kind === 'overflow') overflows++;
    [last, cpuLast] = [now, cpuSeconds()];
  });
  await source.ready();
  if (backlog) source.pause();
  console.log('ready');
  if (backlog) {
    await stdinLines().next();
    [start, cpuStart] = [performance.now(), cpuSeconds()];
    source.resume();
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (events > 0 && performance.now() - last > idleMs) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await source.close();
  const seconds = (last - start) / 1000;
  const cpu = cpuLast - cpuStart;
  const c = source.counters();
  console.log(
    JSON.stringify({ events, overflows, seconds, eventsPerSec: events / seconds, cpuSeconds: cpu, eventsPerCpuSec: events / cpu, unresolved: c.unresolvedPaths, decodeErrors: c.decodeErrors, fdsClosed: c.reader.fdsClosed }),
  );
}

async function responder(table: 'empty' | 'rules', dir: string): Promise<void> {
  // 'rules': a realistic table whose entries the workload's files do not match, so every event
  // costs a path read and a lookup, and is allowed with reason 'no-rule'.
  const rules: PermissionRule[] =
    table === 'rules'
      ? [
          { id: 'protected', path: path.join(dir, 'protected'), match: 'file', allow: ['cat'], otherwise: 'deny' },
          { id: 'keys', path: dir, match: 'children', name: '*.key', allow: ['ssh'], otherwise: 'deny' },
        ]
      : [];
  const r = PermissionResponder.open({ rules });
  r.mark({ path: dir, mask: FAN.OPEN_PERM, onChild: true });
  await r.ready();
  console.log('ready');
  const cpuStart = cpuSeconds();
  await stdinLines().next();
  const cpu = cpuSeconds() - cpuStart;
  await r.close();
  console.log(JSON.stringify({ ...r.counters(), cpuSeconds: cpu }));
}

/** The `koffi floor` responder: see koffi-floor.worker.js. Stops on "stop", after a wake-up open of its own. */
async function floorResponder(dir: string): Promise<void> {
  const libc = loadLibc();
  const fan = libc.fanotify_init(FAN_CLOEXEC | FAN_CLASS_CONTENT | FAN_UNLIMITED_QUEUE, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
  if (fan < 0 || libc.fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_EVENT_ON_CHILD, -100, dir) !== 0) throw new Error(`fanotify: errno ${libc.errno()}`);
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(path.join(__dirname, 'koffi-floor.worker.js'), { workerData: { fan, stop } });
  const next = (): Promise<unknown> => new Promise((resolve) => worker.once('message', resolve));
  await next(); // 'ready': the worker's start-up is not counted
  const answered = next() as Promise<number>;
  console.log('ready');
  const cpuStart = cpuSeconds();
  await stdinLines().next();
  const cpu = cpuSeconds() - cpuStart;
  Atomics.store(new Int32Array(stop), 0, 1);
  // The worker sleeps in read(): an open of our own in the marked directory wakes it (it answers it).
  fs.closeSync(fs.openSync(path.join(dir, 'protected'), 'r'));
  const events = (await answered) - 1;
  libc.close(fan);
  console.log(JSON.stringify({ events, cpuSeconds: cpu }));
}

const [role, a, dir, c, idle] = process.argv.slice(2);
setTimeout(() => process.exit(2), 120_000).unref();
const run =
  role === 'reader' ? reader(a as 'fid' | 'fd', dir, c === 'backlog', Number(idle ?? 300)) : a === 'floor' ? floorResponder(dir) : responder(a as 'empty' | 'rules', dir);
run.then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
