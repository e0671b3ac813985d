'use strict';
// Reader worker for a notification fd (fanotify or inotify): poll, read into a large buffer, and
// hand whole buffers to the main thread (transferred, not copied), where fs-events decodes them.
// A buffer is handed over when it is nearly full or `maxDelayMs` after its first bytes, so a busy
// fd costs one message per ~256 KiB and a quiet one adds at most that delay.
// Mode 'fanotify-fd': events carry an fd; this worker resolves each to a path (readlink of
// /proc/self/fd/N) and closes it before handing the buffer over, because an fd must be closed even
// when the main thread is slow or gone. paths[i] belongs to the i-th record of the buffer.
// A record whose layout cannot be trusted (unknown FANOTIFY_METADATA_VERSION, bad length) stops
// this worker in fd mode: its fd field cannot be found, and the kernel makes an event's fd only
// when the event is read, so not reading on is what keeps fds from leaking. The source reports it.
const { workerData, parentPort } = require('node:worker_threads');
const { loadLibc } = require('./libc');
const C = require('./constants');
const W = require('./worker-control');
const { FdPaths } = require('./fd-paths');
const { WakeablePoll } = require('./wakeable-poll');

const { fd, wakeFd, control, counters, mode, bufferSize, maxDelayMs, maxInFlight } = workerData;
const libc = loadLibc();
const ctl = new Int32Array(control);
const cnt = new Float64Array(counters); // [reads, bytes, batches, fdsClosed, unresolvedFds, decodeErrors, readErrors]
const MIN_ROOM = 8192; // > largest single record (fanotify rename with two names, inotify NAME_MAX)
const fdMode = mode === 'fanotify-fd';
const fdPaths = fdMode ? new FdPaths(libc) : null;

const poller = new WakeablePoll(libc, fd, wakeFd);

let buf = Buffer.allocUnsafeSlow(bufferSize);
let used = 0;
let firstAt = 0;
let paths = [];

function flush() {
  if (used === 0) return;
  const ab = buf.buffer;
  Atomics.add(ctl, W.IN_FLIGHT, 1);
  parentPort.postMessage({ t: 'batch', buffer: ab, length: used, paths: fdMode ? paths : null }, [ab]);
  cnt[2]++;
  buf = Buffer.allocUnsafeSlow(bufferSize);
  used = 0;
  paths = [];
}

/** fd mode: walk the records just read, resolve and close every event fd; false on a bad layout. */
function takeFds(from, to) {
  let off = from;
  while (to - off >= C.FAN_EVENT_METADATA_LEN) {
    const len = buf.readUInt32LE(off);
    if (buf[off + 4] !== C.FANOTIFY_METADATA_VERSION || len < C.FAN_EVENT_METADATA_LEN || off + len > to) {
      // An unknown layout: fd offsets cannot be trusted, so touch nothing (see the header).
      cnt[5]++;
      paths.push(null);
      parentPort.postMessage({ t: 'error', detail: `undecodable fanotify record (version ${buf[off + 4]}, length ${len}); reading stopped` });
      return false;
    }
    const eventFd = buf.readInt32LE(off + 16);
    if (eventFd >= 0) {
      const path = fdPaths.resolve(eventFd);
      if (path === null) cnt[4]++;
      paths.push(path);
      libc.close(eventFd);
      cnt[3]++;
    } else {
      paths.push(null);
    }
    off += len;
  }
  return true;
}

/** One read: 1 = got bytes, 0 = nothing queued, -1 = read failed for good (reported). */
function readOnce() {
  const n = libc.read(fd, used === 0 ? buf : buf.subarray(used), bufferSize - used);
  if (n < 0) {
    const e = libc.errno();
    if (e === C.errno.EAGAIN || e === C.errno.EINTR) return 0;
    cnt[6]++;
    parentPort.postMessage({ t: 'error', detail: `read failed (errno ${e})` });
    return -1;
  }
  if (n === 0) return 0;
  cnt[0]++;
  cnt[1] += n;
  if (used === 0) firstAt = Date.now();
  const trusted = !fdMode || takeFds(used, used + n);
  used += n;
  if (!trusted) return -1;
  if (bufferSize - used < MIN_ROOM) flush();
  return 1;
}

function run() {
  parentPort.postMessage({ t: 'ready' });
  for (;;) {
    const state = Atomics.load(ctl, W.STATE);
    if (state === W.STOP) break;
    // Paused by the owner, or the main thread is behind by maxInFlight buffers: memory stays bounded.
    const paused = state === W.PAUSE || Atomics.load(ctl, W.IN_FLIGHT) >= maxInFlight;
    if (paused) flush();
    const wait = used > 0 ? Math.max(0, firstAt + maxDelayMs - Date.now()) : W.POLL_TIMEOUT_MS;
    // While paused only the wake fd is polled: the kernel queue fills (and overflows, counted).
    // The main thread wakes the worker when it resumes it or takes a buffer at the limit.
    const ready = poller.wait(wait, paused);
    if (ready < 0 && libc.errno() !== C.errno.EINTR) {
      parentPort.postMessage({ t: 'error', detail: `poll failed (errno ${libc.errno()})` });
      return;
    }
    if (poller.fdReady && readOnce() < 0) return;
    if (used > 0 && Date.now() - firstAt >= maxDelayMs) flush();
  }
  // Stopping: hand over what is already queued, so closing right after a burst loses nothing.
  while (readOnce() > 0);
}

try {
  run();
} finally {
  flush();
  if (fdPaths) fdPaths.close();
  parentPort.postMessage({ t: 'done' });
}
