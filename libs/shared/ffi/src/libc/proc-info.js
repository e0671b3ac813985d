'use strict';
// What the permission worker needs to know about the process behind an event: executable path,
// name (comm) and mount namespace, read from /proc and cached per (pid, start time). The start time
// (field 22 of /proc/<pid>/stat) is re-read on every hit: pids are reused, and a stale exe would
// make a wrong verdict.
const { O_RDONLY, O_CLOEXEC } = require('./constants');

const DELETED = ' (deleted)';
const MAX_ENTRIES = 4096;

class ProcCache {
  constructor(libc) {
    this.libc = libc;
    this.buf = Buffer.allocUnsafe(4096);
    this.entries = new Map();
  }

  /** `{ exe, comm, ns }` of `pid` (each null when unreadable), or null when the process is gone. */
  get(pid) {
    const start = this.startTime(pid);
    if (start === null) return null;
    const hit = this.entries.get(pid);
    if (hit !== undefined && hit.start === start) return hit;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const exe = this.link(`/proc/${pid}/exe`);
    const entry = {
      start,
      exe: exe !== null && exe.endsWith(DELETED) ? exe.slice(0, -DELETED.length) : exe,
      comm: this.file(`/proc/${pid}/comm`)?.replace(/\n$/, '') ?? null,
      ns: parseNamespace(this.link(`/proc/${pid}/ns/mnt`)),
    };
    this.entries.set(pid, entry);
    return entry;
  }

  startTime(pid) {
    const stat = this.file(`/proc/${pid}/stat`);
    if (stat === null) return null;
    // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.length > 19 ? fields[19] : null;
  }

  link(path) {
    const n = this.libc.readlink(path, this.buf, this.buf.length);
    return n < 0 ? null : this.buf.toString('utf8', 0, n);
  }

  file(path) {
    const fd = this.libc.open(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return null;
    const n = this.libc.read(fd, this.buf, this.buf.length);
    this.libc.close(fd);
    return n < 0 ? null : this.buf.toString('utf8', 0, n);
  }
}

/** "mnt:[4026531841]" → "4026531841". */
function parseNamespace(link) {
  if (link === null) return null;
  const open = link.indexOf('[');
  return open < 0 ? null : link.slice(open + 1, link.length - 1);
}

module.exports = { ProcCache, parseNamespace };
