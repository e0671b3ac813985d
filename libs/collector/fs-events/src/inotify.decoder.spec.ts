import { IN_CREATE, IN_IGNORED, IN_ISDIR, IN_MOVED_FROM, IN_Q_OVERFLOW } from '@fsmon/ffi';
import { type InotifyDecodeCounters, decodeInotify } from './inotify.decoder';

function ev(wd: number, mask: number, cookie = 0, name?: string, pad = 16): Buffer {
  const nameLen = name === undefined ? 0 : Math.ceil((Buffer.byteLength(name) + 1) / pad) * pad;
  const b = Buffer.alloc(16 + nameLen);
  b.writeInt32LE(wd, 0);
  b.writeUInt32LE(mask >>> 0, 4);
  b.writeUInt32LE(cookie, 8);
  b.writeUInt32LE(nameLen, 12);
  if (name !== undefined) b.write(name, 16);
  return b;
}

const counters = (): InotifyDecodeCounters => ({ events: 0, overflows: 0, decodeErrors: 0, unknownWatches: 0 });

describe(decodeInotify.name, () => {
  it('joins names to watched paths, keeps cookies, and forgets a wd after IN_IGNORED', () => {
    const watches = new Map([
      [1, '/data'],
      [2, '/'],
    ]);
    const c = counters();
    const buf = Buffer.concat([ev(1, IN_CREATE | IN_ISDIR, 0, 'sub'), ev(2, IN_MOVED_FROM, 77, 'etc'), ev(1, IN_IGNORED)]);
    const events = decodeInotify(buf, buf.length, watches, c);
    expect(events).toEqual([
      { kind: 'file', wd: 1, mask: IN_CREATE | IN_ISDIR, cookie: 0, name: 'sub', path: '/data/sub' },
      { kind: 'file', wd: 2, mask: IN_MOVED_FROM, cookie: 77, name: 'etc', path: '/etc' },
      { kind: 'file', wd: 1, mask: IN_IGNORED, cookie: 0, name: null, path: '/data' },
    ]);
    expect([...watches.keys()]).toEqual([2]);
    expect(c).toEqual({ events: 3, overflows: 0, decodeErrors: 0, unknownWatches: 0 });
  });

  it('delivers IN_Q_OVERFLOW as its own event and counts unknown watches', () => {
    const c = counters();
    const buf = Buffer.concat([ev(-1, IN_Q_OVERFLOW), ev(9, IN_CREATE, 0, 'x')]);
    expect(decodeInotify(buf, buf.length, new Map(), c)).toEqual([
      { kind: 'overflow', mask: IN_Q_OVERFLOW },
      { kind: 'file', wd: 9, mask: IN_CREATE, cookie: 0, name: 'x', path: null },
    ]);
    expect(c).toMatchObject({ overflows: 1, unknownWatches: 1 });
  });

  it('stops at a record that runs past the read (counted)', () => {
    const c = counters();
    const good = ev(1, IN_CREATE, 0, 'a');
    const buf = Buffer.concat([good, good.subarray(0, 20)]);
    expect(decodeInotify(buf, buf.length, new Map([[1, '/d']]), c)).toHaveLength(1);
    expect(c.decodeErrors).toBe(1);
  });
});
