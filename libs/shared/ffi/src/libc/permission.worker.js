'use strict';
// Permission worker: owns the answering of one fanotify permission group. Per event, inline and
// without the main thread: read, decide from the pushed table, write the response, close the event
// fd. The main thread is involved only for rules that say 'ask' (bounded by the deadline) and
// receives reports through a SharedArrayBuffer ring it drains on its own schedule.
// Invariant: every permission event read here is answered exactly once and its fd closed, whatever
// happens (decision error, ask timeout, shutdown); a record whose layout cannot be trusted makes the
// worker report 'fatal', and the main thread then closes the group (the kernel allows what is pending).
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { loadLibc } = require('./libc');
const C = require('./constants');
const W = require('./worker-control');
const { P, R } = require('./permission-counters');
const { PermissionTable, VERDICT_ALLOW } = require('./permission-table');
const { ProcCache } = require('./proc-info');
const { RingWriter } = require('./report-ring');
const { FdPaths } = require('./fd-paths');
const { Asker } = require('./permission-asker');
const { Decider } = require('./permission-decider');
const { WakeablePoll } = require('./wakeable-poll');

const { fanFd, wakeFd, control, counters, ring, port, selfPid, deadlineMs, defaultVerdict, shutdownVerdict } =
  workerData;
const libc = loadLibc();
const ctl = new Int32Array(control);
const cnt = new Float64Array(counters);
const reports = new RingWriter(ring);
const fdPaths = new FdPaths(libc);
const d = new Decider({
  table: new PermissionTable(workerData.table),
  procs: new ProcCache(libc),
  fdPaths,
  asker: workerData.canAsk ? new Asker(ctl, port, deadlineMs) : null,
  cnt,
  defaultVerdict,
  shutdownVerdict,
  reportAll: workerData.report === 'all',
  ctl,
});
let tableGen = 0;
let gen = Atomics.load(ctl, W.GEN);
let stopping = false;

const buf = Buffer.allocUnsafeSlow(64 * 1024);
const response = new Int32Array(2);
const poller = new WakeablePoll(libc, fanFd, wakeFd);

function respondAndClose(fd, verdict) {
  response[0] = fd;
  response[1] = verdict;
  if (libc.write(fanFd, response, 8) !== 8) cnt[P.responseErrors]++;
  libc.close(fd);
  cnt[P.fdsClosed]++;
  cnt[verdict === VERDICT_ALLOW ? P.allowed : P.denied]++;
}

function report(pid, mask) {
  if (!d.reported()) return;
  const proc = d.proc;
  const exe = proc?.exe ? (proc.exeBytes ??= Buffer.from(proc.exe)) : null;
  const comm = proc?.comm ? (proc.commBytes ??= Buffer.from(proc.comm)) : null;
  const ns = proc?.ns ? Number(proc.ns) : 0;
  const pathLen = d.pathRead ? fdPaths.length : 0;
  if (!reports.write(pid, Date.now(), mask, ns, d.verdict, d.reason, d.rule, tableGen, fdPaths.bytes, pathLen, exe, comm, d.euid)) {
    cnt[P.reportsDropped]++;
  }
}

function handleEvent(fd, mask, pid) {
  cnt[P.events]++;
  if (mask & C.FAN_Q_OVERFLOW) return void cnt[P.overflows]++;
  if (fd < 0) return void cnt[P.decodeErrors]++;
  if ((mask & C.FAN_PERMISSION_EVENTS) === 0) {
    cnt[P.nonPermissionEvents]++;
    libc.close(fd);
    return void cnt[P.fdsClosed]++;
  }
  if (stopping) {
    d.reset();
    d.set(shutdownVerdict, R.shutdown);
    cnt[P.shutdownAnswers]++;
  } else if (pid === selfPid) {
    d.reset();
    d.set(VERDICT_ALLOW, R.self);
    cnt[P.self]++;
  } else {
    try {
      d.decide(fd, pid, mask);
      if (d.reason === R['no-rule']) cnt[P.noRule]++;
      // Before the answer: a denied process may exit at once, and its /proc entry with it.
      if (d.reported()) d.readEuid();
    } catch {
      d.set(defaultVerdict, R['decision-error']);
      cnt[P.decisionErrors]++;
    }
  }
  respondAndClose(fd, d.verdict);
  report(pid, mask);
}

/** Walks one read; false when a record's layout cannot be trusted (fatal for the group). */
function handleBatch(n) {
  for (let off = 0; off < n; ) {
    const len = n - off >= C.FAN_EVENT_METADATA_LEN ? buf.readUInt32LE(off) : 0;
    if (len < C.FAN_EVENT_METADATA_LEN || off + len > n || buf[off + 4] !== C.FANOTIFY_METADATA_VERSION) {
      cnt[P.decodeErrors]++;
      port.postMessage({ t: 'fatal', detail: `undecodable record (version ${buf[off + 4]}, length ${len})` });
      return false;
    }
    handleEvent(buf.readInt32LE(off + 16), buf.readUInt32LE(off + 8), buf.readInt32LE(off + 20));
    off += len;
  }
  return true;
}

function takeTable() {
  gen = Atomics.load(ctl, W.GEN);
  let latest = null;
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) latest = m.message;
  if (latest !== null) {
    d.table = new PermissionTable(latest.table);
    tableGen = latest.gen;
  }
}

/** One read and its events: 1 = handled some, 0 = queue empty, -1 = fatal (reported). */
function readOnce() {
  const n = libc.read(fanFd, buf, buf.length);
  if (n > 0) return handleBatch(n) ? 1 : -1;
  const e = libc.errno();
  if (n === 0 || e === C.errno.EAGAIN || e === C.errno.EINTR) return 0;
  cnt[P.readErrors]++;
  port.postMessage({ t: 'fatal', detail: `read failed (errno ${e})` });
  return -1;
}

function run() {
  port.postMessage({ t: 'ready' });
  for (;;) {
    if (Atomics.load(ctl, W.GEN) !== gen) takeTable();
    if (Atomics.load(ctl, W.STATE) === W.STOP) break;
    // One read per wake-up: a second read would mostly return EAGAIN, a syscall per event for nothing.
    if (poller.wait(W.POLL_TIMEOUT_MS) > 0 && poller.fdReady && readOnce() < 0) return;
  }
  // Shutdown: marks are already flushed; answer whatever is still queued, then hand back.
  stopping = true;
  while (readOnce() > 0);
}

try {
  run();
} finally {
  fdPaths.close();
  d.procs.close();
  port.postMessage({ t: 'done' });
}
