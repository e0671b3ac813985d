'use strict';
// The least any Node + koffi permission responder can do per event: blocking read, one write of
// the answer, close of the event fd; no decision, no counters, no reports. The kernel-edge bench
// runs it as the `koffi floor` row, so the lib's rows can be read against what this runtime allows
// at all (its per-call and per-wake-up costs), not only against C.
const { workerData, parentPort } = require('node:worker_threads');
const { loadLibc } = require('../../libs/shared/ffi/src/libc/libc');
const C = require('../../libs/shared/ffi/src/libc/constants');

/** In a function, not at the top level: V8 optimizes a function's hot loop, not a script's. */
function answerUntilStopped(libc, fan, stopFlag) {
  const buf = Buffer.allocUnsafeSlow(4096);
  const answer = Buffer.allocUnsafeSlow(8); // struct fanotify_response: i32 fd, u32 response
  let events = 0;
  while (Atomics.load(stopFlag, 0) === 0) {
    const n = libc.read(fan, buf, buf.length);
    for (let off = 0; off + C.FAN_EVENT_METADATA_LEN <= n; ) {
      const fd = buf.readInt32LE(off + 16);
      answer.writeInt32LE(fd, 0);
      answer.writeUInt32LE(C.FAN_ALLOW, 4);
      libc.write(fan, answer, 8);
      libc.close(fd);
      events++;
      off += buf.readUInt32LE(off);
    }
  }
  return events;
}

const libc = loadLibc();
parentPort.postMessage('ready');
parentPort.postMessage(answerUntilStopped(libc, workerData.fan, new Int32Array(workerData.stop)));
