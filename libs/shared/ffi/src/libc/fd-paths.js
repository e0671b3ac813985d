'use strict';
// Path of an event fd: readlinkat(/proc/self/fd, "<n>") into a reused buffer. The directory fd and
// the NUL-terminated fd names are kept, so a lookup is one syscall and no string marshalling.
// Results are never cached per fd number: the kernel reuses a number as soon as it is closed.
const { O_RDONLY, O_DIRECTORY, O_CLOEXEC, PATH_MAX } = require('./constants');

const MAX_NAMED_FD = 65536;

class FdPaths {
  constructor(libc) {
    this.libc = libc;
    this.dir = libc.open('/proc/self/fd', O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    this.names = [];
    /** Bytes of the last resolved path: [0, length). */
    this.bytes = Buffer.allocUnsafe(PATH_MAX);
    this.length = 0;
  }

  name(fd) {
    if (fd >= MAX_NAMED_FD) return Buffer.from(`${fd}\0`);
    return (this.names[fd] ??= Buffer.from(`${fd}\0`));
  }

  /** Reads the link into `bytes`; returns its length or -1. */
  read(fd) {
    const n = this.libc.readlinkat(this.dir, this.name(fd), this.bytes, PATH_MAX);
    this.length = n < 0 ? 0 : n;
    return n;
  }

  /** The path of `fd` as a string, or null when it cannot be read. */
  resolve(fd) {
    const n = this.read(fd);
    return n < 0 ? null : this.bytes.toString('utf8', 0, n);
  }

  close() {
    if (this.dir >= 0) this.libc.close(this.dir);
    this.dir = -1;
  }
}

module.exports = { FdPaths };
