// The documented surface of libc/index.js (hand-written: the implementation is plain CommonJS so
// that worker scripts can require it by relative path).

export * from './constants';

/**
 * Raw libc functions bound through koffi. Each returns what the C function returns: -1 (or a
 * negative count) on failure, after which `errno()` says why. Buffers and typed arrays stand for
 * `void *`. Nothing here throws on a failed call; fs-events turns errno values into named errors.
 */
export interface Libc {
  fanotify_init(flags: number, eventFileFlags: number): number;
  /** `path` null marks the object of `dirfd` itself. `mask` is a uint64 (all bits < 2^53). */
  fanotify_mark(fd: number, flags: number, mask: number, dirfd: number, path: string | null): number;
  inotify_init1(flags: number): number;
  inotify_add_watch(fd: number, path: string, mask: number): number;
  inotify_rm_watch(fd: number, wd: number): number;
  read(fd: number, buf: ArrayBufferView, count: number): number;
  pread(fd: number, buf: ArrayBufferView, count: number, offset: number): number;
  write(fd: number, buf: ArrayBufferView, count: number): number;
  /** `iov`: packed `struct iovec` (u64 base, u64 length, 16 bytes each); one syscall for many buffers. */
  writev(fd: number, iov: ArrayBufferView, iovcnt: number): number;
  close(fd: number): number;
  /** `fds`: packed `struct pollfd` (8 bytes each: i32 fd, i16 events, i16 revents). */
  poll(fds: ArrayBufferView, nfds: number, timeoutMs: number): number;
  readlink(path: string, buf: ArrayBufferView, size: number): number;
  /** `path`: NUL-terminated bytes. */
  readlinkat(dirfd: number, path: ArrayBufferView, buf: ArrayBufferView, size: number): number;
  open(path: string, flags: number, mode: number): number;
  /** `path`: NUL-terminated bytes. */
  openat(dirfd: number, path: ArrayBufferView, flags: number, mode: number): number;
  /** With an int argument only (F_GETFL, F_SETFL). */
  fcntl(fd: number, cmd: number, arg: number): number;
  /** `handle`: a `struct file_handle` (u32 handle_bytes, i32 handle_type, bytes); needs CAP_DAC_READ_SEARCH. */
  open_by_handle_at(mountFd: number, handle: ArrayBufferView, flags: number): number;
  name_to_handle_at(dirfd: number, path: string, handle: ArrayBufferView, mountId: Int32Array, flags: number): number;
  /** `buf`: 120 bytes (`struct statfs` on 64-bit Linux; f_fsid at offset 56). */
  fstatfs(fd: number, buf: ArrayBufferView): number;
  /** `path`: NUL-terminated bytes; `buf`: STATX_SIZE bytes (`struct statx`, stx_mask at 0, stx_uid at 20). */
  statx(dirfd: number, path: ArrayBufferView, flags: number, mask: number, buf: ArrayBufferView): number;
  eventfd(initval: number, flags: number): number;
  getpid(): number;
  /** errno of the last call made through this binding on this thread. */
  errno(): number;
  /** Address of a buffer's memory, for pointers inside structs (`iovec`); the buffer must not be pooled. */
  address(buf: ArrayBufferView): bigint;
}

/** The bound functions, loaded on first use, once per thread. Throws if libc.so.6 cannot be loaded. */
export declare function loadLibc(): Libc;

/** Control block shared with a worker: an Int32Array over a SharedArrayBuffer, plus its eventfd wake-up. */
export declare const WorkerControl: Readonly<{
  /** Word index: RUN, PAUSE or STOP. */
  STATE: 0;
  /** Word index: bumped after a new permission table was posted on the worker's port. */
  GEN: 1;
  /** Word index: the permission "ask" slot, `seq << 2 | answer` (answer 0 = pending). */
  ASK: 2;
  /** Word index: reader buffers posted to the main thread and not yet taken (the reader stops reading at its limit). */
  IN_FLIGHT: 3;
  RUN: 0;
  PAUSE: 1;
  STOP: 2;
  ANSWER_ALLOW: 1;
  ANSWER_DENY: 2;
  /** The asker could not decide (threw, rejected, or the group is closing): the rule's fail verdict. */
  ANSWER_NONE: 3;
  /** Workers wake at least this often, so a terminated worker always gets back to JavaScript. */
  POLL_TIMEOUT_MS: number;
  createControl(): Int32Array;
  /** Writes 1 to the worker's eventfd; false if the write failed. */
  wake(libc: Libc, eventFd: number): boolean;
}>;

/** Names of the permission worker's counter slots, in slot order (a Float64Array it alone writes). */
export declare const PERMISSION_COUNTERS: readonly [
  'events', 'allowed', 'denied', 'self', 'noRule', 'asked', 'askTimeouts', 'askFailures', 'failVerdicts',
  'decodeErrors', 'decisionErrors', 'responseErrors', 'fdsClosed', 'reportsDropped', 'overflows',
  'shutdownAnswers', 'nonPermissionEvents', 'readErrors', 'wakeUps', 'responseWrites', 'pathFreeAllows',
];

/** Why a permission verdict was given; a report's `reason` is an index into this list. */
export declare const PERMISSION_REASONS: readonly [
  'no-rule', 'self', 'allow-all', 'app-allowed', 'otherwise', 'asked', 'ask-timeout', 'ask-failed', 'no-asker',
  'no-exe', 'no-path', 'decode-error', 'decision-error', 'shutdown',
];

/** The shared memory of a report ring (single producer: the worker; single consumer: main). */
export interface ReportRing {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

/** One answered permission event as the worker recorded it. */
export interface RingRecord {
  pid: number;
  /** Epoch milliseconds when the verdict was written. */
  time: number;
  mask: number;
  /** Mount namespace inode of the process, 0 when not looked up. */
  mntns: number;
  /** FAN_ALLOW (1) or FAN_DENY (2). */
  verdict: number;
  /** Index into PERMISSION_REASONS. */
  reason: number;
  /** Index of the matching rule in the table data, -1 for none. */
  rule: number;
  /** Generation (mod 2^16) of the table `rule` indexes. */
  gen: number;
  /** Empty when the path was not or could not be read. */
  path: string;
  exe: string | null;
  comm: string | null;
  /** Effective uid of the process while it waited for the answer, -1 when not read or unreadable. */
  euid: number;
}

/** @throws RangeError unless `capacity` is a power of two >= 4096. */
export declare function createReportRing(capacity: number): ReportRing;

export declare class ReportRingReader {
  constructor(ring: ReportRing);
  /** Decodes and consumes every complete record, oldest first. */
  drain(): RingRecord[];
}

export declare class ReportRingWriter {
  constructor(ring: ReportRing);
  /** False when the ring is full: the record is dropped and the caller must count it. */
  write(
    pid: number, time: number, mask: number, mntns: number, verdict: number, reason: number, rule: number, gen: number,
    pathBytes: Uint8Array | null, pathLen: number, exeBytes: Uint8Array | null, commBytes: Uint8Array | null, euid: number,
  ): boolean;
}

/** One compiled permission rule (fs-events builds these from its public table shape). */
export interface TableRule {
  /** Echoed in reports and asks. */
  id: string;
  /** '*' allows every process; otherwise exe paths, exe base names and comm names, matched as the seed does. */
  apps: '*' | string[];
  /** FAN_ALLOW (1), FAN_DENY (2) or 3 = ask the main thread. */
  otherwise: 1 | 2 | 3;
  /** Verdict when no decision can be made (exe unreadable, ask deadline passed, asker failed). */
  fail: 1 | 2;
}

/** Rules of one mount namespace (key: namespace inode as a decimal string, or '*'). */
export interface TableSpace {
  /** Exact container-relative file path → rule index. */
  exact: Record<string, number>;
  /** Directory path → [name pattern ('*' wildcards only; null = any), rule index] in priority order. */
  dirs: Record<string, Array<[string | null, number]>>;
}

/** The data-only decision table posted to the permission worker. */
export interface TableData {
  rules: TableRule[];
  spaces: Record<string, TableSpace>;
}

/** The worker's view of a TableData (exported for tests of the matching rules). */
export declare class PermissionTable {
  constructor(data: TableData);
  readonly empty: boolean;
  mayMatch(path: string): boolean;
  needsNamespace(): boolean;
  /** Rule index for `path` seen from namespace `ns` (own namespace first, then '*'), or -1. */
  find(path: string, ns: string | null): number;
  allows(rule: number, exe: string, comm: string | null): boolean;
  /** The exe path or its base name is on the rule's allow-list. */
  allowsExe(rule: number, exe: string): boolean;
  /** The process name is on the rule's allow-list. */
  allowsComm(rule: number, comm: string | null): boolean;
}

/** Absolute paths of the worker scripts (plain CommonJS, next to this file in src and in dist). */
export declare const workerScripts: Readonly<{ fdReader: string; permission: string }>;
