'use strict';
// The permission worker's answers to one read, held back while its events are decided and then
// written together. fanotify takes one `struct fanotify_response` per write(), and writev() on a
// file without write_iter (fanotify has none) calls write() once per iovec: a batch costs one
// syscall. Answers are written before their event fds are closed: the kernel finds the pending
// event by fd number, and a closed number could already belong to the next event.
const { P } = require('./permission-counters');

// Answers per writev (IOV_MAX is 1024). Also bounds how long the first answer of a large read
// waits behind the decisions of the rest (a few µs each; an ask flushes first).
const MAX_BATCH = 64;
const RESPONSE_LEN = 8; // struct fanotify_response: i32 fd, u32 response
const IOVEC_LEN = 16; // struct iovec: u64 base, u64 length

class ResponseBatch {
  constructor(libc, fanFd, cnt) {
    this.libc = libc;
    this.fanFd = fanFd;
    this.cnt = cnt;
    // Not pooled, so its address is fixed: the iovecs point into it.
    this.responses = Buffer.allocUnsafeSlow(MAX_BATCH * RESPONSE_LEN);
    this.words = new Int32Array(this.responses.buffer, this.responses.byteOffset, MAX_BATCH * 2);
    this.iov = Buffer.allocUnsafeSlow(MAX_BATCH * IOVEC_LEN);
    const base = libc.address(this.responses);
    for (let i = 0; i < MAX_BATCH; i++) {
      this.iov.writeBigUInt64LE(base + BigInt(i * RESPONSE_LEN), i * IOVEC_LEN);
      this.iov.writeBigUInt64LE(BigInt(RESPONSE_LEN), i * IOVEC_LEN + 8);
    }
    this.fds = new Int32Array(MAX_BATCH);
    this.count = 0;
  }

  /** Queues the answer for event `fd` (written, and the fd closed, by `flush`). */
  add(fd, verdict) {
    const i = this.count++;
    this.words[2 * i] = fd;
    this.words[2 * i + 1] = verdict;
    this.fds[i] = fd;
    if (this.count === MAX_BATCH) this.flush();
  }

  /** Writes every queued answer, then closes their event fds. A failed answer is counted and skipped. */
  flush() {
    const n = this.count;
    if (n === 0) return;
    this.count = 0;
    const { libc, fanFd, cnt } = this;
    for (let done = 0; done < n; ) {
      const left = n - done;
      const written =
        left === 1
          ? libc.write(fanFd, done === 0 ? this.responses : this.responses.subarray(done * RESPONSE_LEN), RESPONSE_LEN)
          : libc.writev(fanFd, done === 0 ? this.iov : this.iov.subarray(done * IOVEC_LEN), left);
      cnt[P.responseWrites]++;
      // writev stops at the first answer the kernel refuses; the ones before it were taken.
      done += written > 0 ? Math.floor(written / RESPONSE_LEN) : 0;
      if (written < left * RESPONSE_LEN) {
        cnt[P.responseErrors]++;
        done++;
      }
    }
    for (let i = 0; i < n; i++) libc.close(this.fds[i]);
    cnt[P.fdsClosed] += n;
  }
}

module.exports = { ResponseBatch, MAX_BATCH };
