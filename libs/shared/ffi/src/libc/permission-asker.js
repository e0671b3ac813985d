'use strict';
// The worker side of the ask slot (WorkerControl.ASK): post the question to the main thread and
// wait for the answer in shared memory, never longer than the deadline. The main thread answers
// with compare-and-swap on `seq << 2`; a retired slot (0) makes a late answer fail, so it can never
// be taken for a later question.
const W = require('./worker-control');

class Asker {
  constructor(ctl, port, deadlineMs) {
    this.ctl = ctl;
    this.port = port;
    this.deadlineMs = deadlineMs;
    this.seq = 0;
  }

  /** Returns W.ANSWER_ALLOW / ANSWER_DENY / ANSWER_NONE (asker failed or closing), or 0 on timeout. */
  ask(question) {
    this.seq = (this.seq % 0x1fffffff) + 1;
    const pending = this.seq << 2;
    Atomics.store(this.ctl, W.ASK, pending);
    question.t = 'ask';
    question.seq = this.seq;
    this.port.postMessage(question);
    const end = performance.now() + this.deadlineMs;
    let answer = pending;
    for (let left = this.deadlineMs; left > 0 && answer === pending; left = end - performance.now()) {
      Atomics.wait(this.ctl, W.ASK, pending, left);
      answer = Atomics.load(this.ctl, W.ASK);
    }
    if (answer === pending) answer = Atomics.compareExchange(this.ctl, W.ASK, pending, 0);
    return answer >>> 2 === this.seq ? answer & 3 : 0;
  }
}

module.exports = { Asker };
