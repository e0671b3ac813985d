import {
  FAN_CREATE,
  FAN_EVENT_INFO_TYPE_DFID,
  FAN_EVENT_INFO_TYPE_DFID_NAME,
  FAN_EVENT_INFO_TYPE_NEW_DFID_NAME,
  FAN_EVENT_INFO_TYPE_OLD_DFID_NAME,
  FAN_EVENT_INFO_TYPE_PIDFD,
  FAN_MOVED_FROM,
  FAN_NOFD,
  FAN_ONDIR,
  FAN_OPEN,
  FAN_Q_OVERFLOW,
  FAN_RENAME,
} from '@fsmon/ffi';
import type { DirRef } from './dir-handle.cache';
import { type DirResolver, type FanotifyDecodeCounters, decodeFanotify } from './fanotify.decoder';

/** A struct fanotify_event_metadata followed by `info` records. */
function record(mask: number, fd: number, pid: number, info: Buffer[] = [], version = 3): Buffer {
  const body = Buffer.concat(info);
  const head = Buffer.alloc(24);
  head.writeUInt32LE(24 + body.length, 0);
  head[4] = version;
  head.writeUInt16LE(24, 6);
  head.writeUInt32LE(mask % 0x100000000, 8);
  head.writeUInt32LE(Math.floor(mask / 0x100000000), 12);
  head.writeInt32LE(fd, 16);
  head.writeInt32LE(pid, 20);
  return Buffer.concat([head, body]);
}

/** An info record: header, fsid, struct file_handle (type 1 + `handle`), optional NUL-terminated name, padded to 4. */
function dfid(type: number, handle: number[], name?: string): Buffer {
  const nameBytes = name === undefined ? Buffer.alloc(0) : Buffer.from(`${name}\0`);
  const raw = 4 + 8 + 8 + handle.length + nameBytes.length;
  const len = (raw + 3) & ~3;
  const b = Buffer.alloc(len);
  b[0] = type;
  b.writeUInt16LE(len, 2);
  b.writeUInt32LE(0xaabbccdd, 4);
  b.writeUInt32LE(handle.length, 12);
  b.writeInt32LE(1, 16);
  Buffer.from(handle).copy(b, 20);
  nameBytes.copy(b, 20 + handle.length);
  return b;
}

class FakeDirs implements DirResolver {
  invalidations = 0;
  constructor(private readonly paths: Record<string, string | null>) {}
  lookup(buf: Buffer, start: number, end: number): DirRef {
    const handle = buf.toString('hex', start + 12, end);
    return { fsid: buf.toString('hex', start, start + 8), handle, path: this.paths[handle] ?? null, deleted: false };
  }
  invalidate(): void {
    this.invalidations++;
  }
}

// handle_type 1 (little endian) + handle bytes
const DIR_A = [1, 2, 3, 4];
const KEY_A = '01000000' + '01020304';
const KEY_B = '01000000' + '0506';

function setup(paths: Record<string, string | null> = { [KEY_A]: '/data', [KEY_B]: '/' }) {
  const counters: FanotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unresolvedPaths: 0, strayFds: 0 };
  const closed: number[] = [];
  const dirs = new FakeDirs(paths);
  return { counters, closed, dirs, ctx: { dirs, counters, closeFd: (fd: number) => void closed.push(fd) } };
}

describe(decodeFanotify.name, () => {
  it('decodes FID events: directory + name, the directory itself, and the root', () => {
    const { ctx, counters } = setup();
    const buf = Buffer.concat([
      record(FAN_CREATE, FAN_NOFD, 42, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'file.txt')]),
      record(FAN_OPEN | FAN_ONDIR, FAN_NOFD, 43, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, '.')]),
      record(FAN_OPEN, FAN_NOFD, 44, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, [5, 6], 'etc')]),
      record(FAN_OPEN | FAN_ONDIR, FAN_NOFD, 45, [dfid(FAN_EVENT_INFO_TYPE_DFID, DIR_A)]),
    ]);
    const events = decodeFanotify(buf, buf.length, null, ctx);
    expect(events.map((e) => (e.kind === 'file' ? [e.pid, e.path, e.name] : e.kind))).toEqual([
      [42, '/data/file.txt', 'file.txt'],
      [43, '/data', '.'],
      [44, '/etc', 'etc'],
      [45, '/data', '.'],
    ]);
    expect(events[0]).toMatchObject({ mask: FAN_CREATE, dir: { fsid: 'ddccbbaa00000000', handle: KEY_A }, from: null });
    expect(counters).toEqual({ events: 4, overflows: 0, decodeErrors: 0, unresolvedPaths: 0, strayFds: 0 });
  });

  it('decodes FAN_RENAME with both locations and invalidates cached directories on directory moves', () => {
    const { ctx, dirs } = setup();
    const buf = Buffer.concat([
      record(FAN_RENAME, FAN_NOFD, 1, [dfid(FAN_EVENT_INFO_TYPE_OLD_DFID_NAME, DIR_A, 'old'), dfid(FAN_EVENT_INFO_TYPE_NEW_DFID_NAME, [5, 6], 'new')]),
      record(FAN_MOVED_FROM | FAN_ONDIR, FAN_NOFD, 1, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'sub')]),
    ]);
    const [rename] = decodeFanotify(buf, buf.length, null, ctx);
    expect(rename).toMatchObject({ path: '/new', from: { path: '/data/old', name: 'old' }, name: 'new' });
    expect(dirs.invalidations).toBe(1);
  });

  it('delivers an overflow record as its own event and counts it', () => {
    const { ctx, counters } = setup();
    const buf = Buffer.concat([record(FAN_Q_OVERFLOW, FAN_NOFD, -1), record(FAN_OPEN, FAN_NOFD, 7, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'x')])]);
    const events = decodeFanotify(buf, buf.length, null, ctx);
    expect(events[0]).toEqual({ kind: 'overflow', mask: FAN_Q_OVERFLOW });
    expect(events[1]).toMatchObject({ kind: 'file', path: '/data/x' });
    expect(counters).toMatchObject({ events: 2, overflows: 1 });
  });

  it('takes fd-mode paths from the reader, record by record', () => {
    const { counters } = setup();
    const buf = Buffer.concat([record(FAN_OPEN, 5, 1), record(FAN_Q_OVERFLOW, FAN_NOFD, -1), record(FAN_OPEN, 6, 2)]);
    const events = decodeFanotify(buf, buf.length, ['/a', null, null], { dirs: null, counters, closeFd: () => undefined });
    expect(events.map((e) => (e.kind === 'file' ? e.path : e.kind))).toEqual(['/a', 'overflow', null]);
    expect(counters).toMatchObject({ events: 3, overflows: 1, unresolvedPaths: 1 });
  });

  it.each([
    ['a wrong metadata version', record(FAN_OPEN, FAN_NOFD, 1, [], 2)],
    ['a truncated record', record(FAN_OPEN, FAN_NOFD, 1).subarray(0, 20)],
    ['an event length past the read', (() => {
      const b = record(FAN_OPEN, FAN_NOFD, 1);
      b.writeUInt32LE(100, 0);
      return b;
    })()],
  ])('stops the batch at %s and counts one decode error', (_name, bad) => {
    const { ctx, counters } = setup();
    const good = record(FAN_OPEN, FAN_NOFD, 9, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'ok')]);
    // Whatever follows a broken record cannot be located: it must not be decoded.
    const buf = Buffer.concat([good, bad, bad.length >= 24 ? good : Buffer.alloc(0)]);
    const events = decodeFanotify(buf, buf.length, null, ctx);
    expect(events).toHaveLength(1);
    expect(counters.decodeErrors).toBe(1);
  });

  it('drops only the event whose info record is malformed', () => {
    const { ctx, counters } = setup();
    const badInfo = dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'x');
    badInfo.writeUInt32LE(500, 12); // handle_bytes beyond the record
    const unterminated = dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A);
    const buf = Buffer.concat([
      record(FAN_OPEN, FAN_NOFD, 1, [badInfo]),
      record(FAN_OPEN, FAN_NOFD, 2, [unterminated]),
      record(FAN_OPEN, FAN_NOFD, 3, [dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'ok')]),
    ]);
    const events = decodeFanotify(buf, buf.length, null, ctx);
    expect(events.map((e) => (e.kind === 'file' ? e.pid : 0))).toEqual([3]);
    expect(counters).toMatchObject({ events: 3, decodeErrors: 2 });
  });

  it('skips unknown info records, counts unresolved directories and closes stray fds', () => {
    const { ctx, counters, closed } = setup({});
    const pidfd = Buffer.alloc(8);
    pidfd[0] = FAN_EVENT_INFO_TYPE_PIDFD;
    pidfd.writeUInt16LE(8, 2);
    const buf = record(FAN_OPEN, 33, 5, [pidfd, dfid(FAN_EVENT_INFO_TYPE_DFID_NAME, DIR_A, 'x')]);
    const [event] = decodeFanotify(buf, buf.length, null, ctx);
    expect(event).toMatchObject({ kind: 'file', path: null, name: 'x', dir: { path: null } });
    expect(closed).toEqual([33]);
    expect(counters).toMatchObject({ strayFds: 1, unresolvedPaths: 1 });
  });
});
