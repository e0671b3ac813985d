'use strict';
// Permission worker: owns the answering of one fanotify permission group. Per read, inline and
// without the main thread: decide each event from the pushed table, then write the answers (one
// writev for the batch, see response-batch.js) and close the event fds. The main thread is involved
// only for rules that say 'ask' (bounded by the deadline) and receives reports through a
// SharedArrayBuffer ring it drains on its own schedule.
// Sleeping: with `wakeByEvent`, the worker blocks in read() as a C responder does (read, write,
// close per answer; no poll), and the main thread wakes it for STOP by reading a private file
// this group marks (FAN_ACCESS, see fs-events' wake-mark.ts); the event comes from this process and
// is only counted (wakeUps). Without it, the worker polls the group fd and its eventfd. A new table
// is taken after each read, before its events are decided.
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
const { ResponseBatch } = require('./response-batch');

const { fanFd, wakeFd, control, counters, ring, port, selfPid, deadlineMs, defaultVerdict, shutdownVerdict, wakeByEvent } =
  workerData;
const libc = loadLibc();
const ctl = new Int32Array(control);
const cnt = new Float64Array(counters);
const reports = new RingWriter(ring);
const fdPaths = new FdPaths(libc);
const answers = new ResponseBatch(libc, fanFd, cnt);
const d = new Decider({
  table: new PermissionTable(workerData.table),
  procs: new ProcCache(libc),
  fdPaths,
  asker: workerData.canAsk ? new Asker(ctl, port, deadlineMs) : null,
  cnt,
  defaultVerdict,
  shutdownVerdict,
  reportAll: workerData.report === 'all',
  reportAllowed: workerData.report !== 'unallowed',
  beforeWait: () => answers.flush(),
  ctl,
});
let tableGen = 0;
let gen = Atomics.load(ctl, W.GEN);
let stopping = false;

const buf = Buffer.allocUnsafeSlow(64 * 1024);
const poller = new WakeablePoll(libc, fanFd, wakeFd);

/** Sets or clears O_NONBLOCK on the group fd (shared with the main thread, which never reads it). */
function setNonBlocking(on) {
  const flags = libc.fcntl(fanFd, C.F_GETFL, 0);
  return flags >= 0 && libc.fcntl(fanFd, C.F_SETFL, on ? flags | C.O_NONBLOCK : flags & ~C.O_NONBLOCK) === 0;
}
// The group is opened non-blocking; blocking reads only when the main thread can wake us.
let blocking = wakeByEvent === true && setNonBlocking(false);

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
  if (pid === selfPid && mask === C.FAN_ACCESS && fd >= 0) {
    // A wake-up from the main thread (or another read of this process in a FAN_ACCESS-marked file).
    libc.close(fd);
    return void cnt[P.wakeUps]++;
  }
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
      if (d.reported()) d.readForReport();
    } catch {
      d.set(defaultVerdict, R['decision-error']);
      cnt[P.decisionErrors]++;
    }
  }
  cnt[d.verdict === VERDICT_ALLOW ? P.allowed : P.denied]++;
  answers.add(fd, d.verdict);
  // Now: the path bytes in fdPaths are this event's until the next one is decided.
  report(pid, mask);
}

/**
 * Walks one read and answers it; false when a record's layout cannot be trusted (fatal for the
 * group). The answers of the events before such a record, or before an exception, are still written.
 */
function handleBatch(n) {
  try {
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
  } finally {
    answers.flush();
  }
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

/** One read and its events: 1 = handled some, 0 = queue empty (or interrupted), -1 = fatal (reported). */
function readOnce() {
  const n = libc.read(fanFd, buf, buf.length);
  if (n > 0) {
    if (Atomics.load(ctl, W.GEN) !== gen) takeTable();
    return handleBatch(n) ? 1 : -1;
  }
  const e = libc.errno();
  if (n === 0 || e === C.errno.EAGAIN || e === C.errno.EINTR) return 0;
  cnt[P.readErrors]++;
  port.postMessage({ t: 'fatal', detail: `read failed (errno ${e})` });
  return -1;
}

function run() {
  port.postMessage({ t: 'ready' });
  while (Atomics.load(ctl, W.STATE) !== W.STOP) {
    if (blocking) {
      if (readOnce() < 0) return;
    } else if (poller.wait(W.POLL_TIMEOUT_MS) > 0 && poller.fdReady && readOnce() < 0) {
      // One read per poll wake-up: a second read would mostly return EAGAIN, a syscall per event for nothing.
      return;
    }
  }
  // Shutdown: marks are already flushed; answer whatever is still queued, then hand back. A read
  // that could block is only made after poll says there is something (should O_NONBLOCK not come back).
  stopping = true;
  if (blocking) blocking = !setNonBlocking(true);
  while ((!blocking || (poller.wait(0) > 0 && poller.fdReady)) && readOnce() > 0);
}

try {
  run();
} finally {
  fdPaths.close();
  d.procs.close();
  port.postMessage({ t: 'done' });
}
