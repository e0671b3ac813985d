'use strict';
// The poll() a worker sleeps in: the kernel fd it serves and its wake eventfd (see
// worker-control.js), both POLLIN, in one reused `struct pollfd[2]`. A wake-up is consumed here,
// so the caller only asks whether the kernel fd is ready.
const { POLLIN } = require('./constants');

const POLLFD_SIZE = 8; // i32 fd, i16 events, i16 revents
const REVENTS = 6;

class WakeablePoll {
  constructor(libc, fd, wakeFd) {
    this.libc = libc;
    this.wakeFd = wakeFd;
    this.fds = Buffer.alloc(2 * POLLFD_SIZE);
    this.fds.writeInt32LE(fd, 0);
    this.fds.writeInt16LE(POLLIN, 4);
    this.fds.writeInt32LE(wakeFd, POLLFD_SIZE);
    this.fds.writeInt16LE(POLLIN, POLLFD_SIZE + 4);
    this.wakeOnly = this.fds.subarray(POLLFD_SIZE);
    this.wakeBuf = Buffer.alloc(8);
  }

  /**
   * Sleeps up to `timeoutMs` until the kernel fd is readable (unless `wakeOnly`) or a wake-up came;
   * returns poll()'s result (-1: see errno). Afterwards `fdReady` tells about the kernel fd.
   */
  wait(timeoutMs, wakeOnly = false) {
    const fds = this.fds;
    const ready = wakeOnly ? this.libc.poll(this.wakeOnly, 1, timeoutMs) : this.libc.poll(fds, 2, timeoutMs);
    if (wakeOnly || ready <= 0) fds.writeInt16LE(0, REVENTS);
    if (ready > 0 && fds.readInt16LE(POLLFD_SIZE + REVENTS) & POLLIN) this.libc.read(this.wakeFd, this.wakeBuf, 8);
    return ready;
  }

  /** The kernel fd has data (or an error to read) since the last `wait`. */
  get fdReady() {
    return this.fds.readInt16LE(REVENTS) !== 0;
  }
}

module.exports = { WakeablePoll };
