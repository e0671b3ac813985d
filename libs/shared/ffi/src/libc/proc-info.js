'use strict';
// What the permission worker needs to know about the process behind an event: executable path,
// name (comm) and mount namespace, cached per process; and, for reports, the effective uid.
//
// Each entry holds an fd on the /proc/<pid> directory and one on its comm file. Both stay bound to
// that process: once it is gone they fail, even when its pid number was reused. An exec keeps the
// pid (and the start time), so a cached verdict input could outlive the program it describes; each
// hit therefore re-reads the exe link (readlinkat on the directory fd) and the name (pread on the
// comm fd) and compares them with the entry. An exec of another binary changes the exe; an exec of
// the same binary under another name (busybox applets: `head` execs `cat`, both /bin/busybox), or a
// rename, changes comm. Either way the entry is dropped and read afresh: two syscalls per hit.
// The permission worker splits the two (getExe, then withComm only when the name matters): an
// event allowed by its exe path needs no name, and that saves the comm read on its hot path.
// The euid is never cached: a setuid exec or setresuid() changes it and nothing else. It is read
// for reported events only (euidOf), while the process still waits for its answer, as the owner of
// the /proc/<pid> directory: statx on the directory fd, one syscall. The kernel gives that directory
// the task's effective uid and gid even when the task is not dumpable (unlike the files in it, see
// task_dump_owner), because stat(/proc/<pid>) is how tools read a process's euid. Where statx is
// unavailable, the `Uid:` line of /proc/<pid>/status (costly: the kernel formats ~1.4 KB) is read.
const { O_RDONLY, O_CLOEXEC, O_DIRECTORY, O_PATH, AT_EMPTY_PATH, STATX_UID, STATX_UID_OFFSET, STATX_SIZE } = require('./constants');

const DELETED = ' (deleted)';
// Each entry costs two fds; a full cache first drops the entries of processes that are gone.
const MAX_ENTRIES = 512;
const EXE = Buffer.from('exe\0');
const COMM = Buffer.from('comm\0');
const NS_MNT = Buffer.from('ns/mnt\0');
const STATUS = Buffer.from('status\0');
const UID_LINE = Buffer.from('\nUid:\t');
const EMPTY_PATH = Buffer.from('\0');
// comm is at most 15 bytes plus '\n'; a longer read means the file is not what we expect.
const COMM_READ = 64;

class ProcCache {
  constructor(libc, maxEntries = MAX_ENTRIES) {
    this.libc = libc;
    this.maxEntries = maxEntries;
    this.buf = Buffer.allocUnsafe(4096);
    this.statx = Buffer.alloc(STATX_SIZE);
    this.entries = new Map();
  }

  /**
   * `{ exe, comm, ns }` of `pid` (each null when unreadable), or null when the process is gone.
   * Valid for the current event only: a later call may drop the entry and close its fds.
   */
  get(pid) {
    const entry = this.getExe(pid);
    return entry === null ? null : this.withComm(pid, entry);
  }

  /**
   * Like `get`, but on a hit only the exe link is re-checked: `comm` may be stale until
   * `withComm` (the entry says so with `commChecked` false). One syscall per hit.
   */
  getExe(pid) {
    const hit = this.entries.get(pid);
    if (hit !== undefined) {
      if (this.sameExe(hit)) {
        hit.commChecked = false;
        return hit;
      }
      this.drop(pid, hit);
    }
    return this.load(pid);
  }

  /**
   * `entry` (from `getExe(pid)` for this event) with its name checked: itself when comm is
   * unchanged, else the process read afresh (an exec of the same binary, a rename), or null
   * when it is gone.
   */
  withComm(pid, entry) {
    if (entry.commChecked) return entry;
    if (this.sameComm(entry)) {
      entry.commChecked = true;
      return entry;
    }
    this.drop(pid, entry);
    return this.load(pid);
  }

  /** The cached entry of `pid` as last checked (no syscall, may be stale: see getExe), or undefined. */
  peek(pid) {
    return this.entries.get(pid);
  }

  /** Effective uid of the process of `entry` (read now, never cached), -1 when unreadable. */
  euidOf(entry) {
    if (entry.euid !== undefined) return entry.euid;
    if (entry.dirFd < 0) return -1;
    const sx = this.statx;
    if (this.libc.statx(entry.dirFd, EMPTY_PATH, AT_EMPTY_PATH, STATX_UID, sx) === 0 && (sx.readUInt32LE(0) & STATX_UID) !== 0) {
      const euid = sx.readUInt32LE(STATX_UID_OFFSET);
      // The directory of a process that is gone (killed while it waited) says root: 0 counts only
      // while comm is still readable.
      if (euid !== 0 || (entry.commFd >= 0 && this.libc.pread(entry.commFd, this.buf, COMM_READ, 0) >= 0)) return euid;
    }
    return this.statusEuid(entry.dirFd);
  }

  /** The euid from the `Uid:` line of /proc/<pid>/status, -1 when unreadable. */
  statusEuid(dirFd) {
    const fd = this.libc.openat(dirFd, STATUS, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return -1;
    const n = this.libc.read(fd, this.buf, this.buf.length);
    this.libc.close(fd);
    return n < 0 ? -1 : parseEuid(this.buf, n);
  }

  /** Closes every entry's fds (the worker is stopping). */
  close() {
    for (const [pid, entry] of this.entries) this.drop(pid, entry);
  }

  get size() {
    return this.entries.size;
  }

  /** Same program (exe link) as when the entry was read. */
  sameExe(entry) {
    const { libc, buf } = this;
    const n = libc.readlinkat(entry.dirFd, EXE, buf, buf.length);
    return n === entry.exeRaw.length && buf.compare(entry.exeRaw, 0, n, 0, n) === 0;
  }

  /** Same name (comm) as when the entry was read. */
  sameComm(entry) {
    if (entry.commFd < 0) return false;
    const m = this.libc.pread(entry.commFd, this.buf, COMM_READ, 0);
    return m === entry.commRaw.length && this.buf.compare(entry.commRaw, 0, m, 0, m) === 0;
  }

  load(pid) {
    const { libc, buf } = this;
    const dirFd = libc.open(`/proc/${pid}`, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (dirFd < 0) return null;
    const commFd = libc.openat(dirFd, COMM, O_RDONLY | O_CLOEXEC, 0);
    const n = libc.readlinkat(dirFd, EXE, buf, buf.length);
    const exeRaw = n < 0 ? null : Buffer.from(buf.subarray(0, n));
    const m = commFd < 0 ? -1 : libc.pread(commFd, buf, COMM_READ, 0);
    const commRaw = m < 0 ? null : Buffer.from(buf.subarray(0, m));
    const exe = exeRaw === null ? null : exeRaw.toString('utf8');
    const entry = {
      dirFd,
      commFd,
      exeRaw,
      commRaw,
      exe: exe !== null && exe.endsWith(DELETED) ? exe.slice(0, -DELETED.length) : exe,
      comm: commRaw === null ? null : commRaw.toString('utf8').replace(/\n$/, ''),
      ns: parseNamespace(this.linkAt(dirFd, NS_MNT)),
      euid: undefined,
      // Both read just now: valid for this event.
      commChecked: true,
    };
    // An entry that cannot be checked on a later hit (exe or comm unreadable: a zombie thread-group
    // leader, a kernel thread) serves this event only: its euid is read now and its fds closed.
    if (exeRaw === null || commRaw === null) {
      entry.euid = this.euidOf(entry);
      closeFds(libc, entry);
      return entry;
    }
    if (this.entries.size >= this.maxEntries) this.makeRoom();
    this.entries.set(pid, entry);
    return entry;
  }

  linkAt(dirFd, name) {
    const n = this.libc.readlinkat(dirFd, name, this.buf, this.buf.length);
    return n < 0 ? null : this.buf.toString('utf8', 0, n);
  }

  /** Drops the entries of processes that are gone; if that frees too little, every entry. */
  makeRoom() {
    for (const [pid, entry] of this.entries) {
      if (this.libc.readlinkat(entry.dirFd, EXE, this.buf, this.buf.length) < 0) this.drop(pid, entry);
    }
    if (this.entries.size >= (this.maxEntries * 3) / 4) this.close();
  }

  drop(pid, entry) {
    this.entries.delete(pid);
    closeFds(this.libc, entry);
  }
}

function closeFds(libc, entry) {
  if (entry.commFd >= 0) libc.close(entry.commFd);
  if (entry.dirFd >= 0) libc.close(entry.dirFd);
  entry.commFd = -1;
  entry.dirFd = -1;
}

/** The effective uid from /proc/<pid>/status bytes: the second number of the `Uid:` line, or -1. */
function parseEuid(buf, length) {
  const at = buf.indexOf(UID_LINE);
  if (at < 0 || at + UID_LINE.length >= length) return -1;
  let p = buf.indexOf(9, at + UID_LINE.length); // the tab after the real uid
  if (p < 0 || p >= length) return -1;
  let euid = 0;
  let digits = 0;
  for (p++; p < length && buf[p] >= 0x30 && buf[p] <= 0x39; p++, digits++) euid = euid * 10 + (buf[p] - 0x30);
  return digits === 0 ? -1 : euid;
}

/** "mnt:[4026531841]" → "4026531841". */
function parseNamespace(link) {
  if (link === null) return null;
  const open = link.indexOf('[');
  return open < 0 ? null : link.slice(open + 1, link.length - 1);
}

module.exports = { ProcCache, parseNamespace, parseEuid, MAX_ENTRIES };
