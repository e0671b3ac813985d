'use strict';
// The control block the main thread shares with a worker (an Int32Array over a SharedArrayBuffer),
// and the wake-up: main changes a word, then writes the worker's eventfd so a worker asleep in
// poll() looks at it at once. Workers also poll with a timeout, so a terminated worker's thread
// always gets back to JavaScript (where Node can stop it) within POLL_TIMEOUT_MS.

const STATE = 0; // RUN | PAUSE | STOP
const GEN = 1; // bumped when a new permission table was posted
const ASK = 2; // permission "ask" slot: seq << 2 | answer (0 = pending)
const IN_FLIGHT = 3; // reader: buffers posted and not yet taken by the main thread
const CONTROL_WORDS = 4;

const RUN = 0;
const PAUSE = 1;
const STOP = 2;

const ANSWER_ALLOW = 1;
const ANSWER_DENY = 2;
const ANSWER_NONE = 3;

const POLL_TIMEOUT_MS = 250;

const one = new BigUint64Array([1n]);

function createControl() {
  return new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
}

/** Makes the worker's poll() return (eventfd counter + 1). */
function wake(libc, eventFd) {
  return libc.write(eventFd, one, 8) === 8;
}

module.exports = {
  STATE, GEN, ASK, IN_FLIGHT, RUN, PAUSE, STOP, ANSWER_ALLOW, ANSWER_DENY, ANSWER_NONE, POLL_TIMEOUT_MS,
  createControl, wake,
};
