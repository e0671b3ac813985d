// ResponseBatch against a recording stand-in for the three libc calls it makes (write, writev,
// close): the kernel never refuses an answer on purpose, so refusals are played here.
import { P } from './permission-counters';
import { MAX_BATCH, ResponseBatch } from './response-batch';

interface Call {
  call: 'write' | 'writev' | 'close';
  fds: number[];
}

/** Takes every answer except those whose fd is in `refuse` (writev stops there, as the kernel's loop does). */
function fakeLibc(refuse: Set<number>) {
  const calls: Call[] = [];
  const memory = new Map<bigint, Buffer>();
  const answers = (buf: Buffer, count: number): number[] => Array.from({ length: count }, (_, i) => buf.readInt32LE(i * 8));
  const take = (fds: number[]): number => {
    const ok = fds.findIndex((fd) => refuse.has(fd));
    return ok === 0 ? -1 : (ok < 0 ? fds.length : ok) * 8;
  };
  return {
    calls,
    libc: {
      address: (buf: Buffer): bigint => {
        memory.set(1000n, buf);
        return 1000n;
      },
      write: (_fd: number, buf: Buffer, count: number): number => {
        const fds = answers(buf, count / 8);
        calls.push({ call: 'write', fds });
        return take(fds);
      },
      writev: (_fd: number, iov: Buffer, n: number): number => {
        const base = memory.get(1000n) as Buffer;
        const fds = Array.from({ length: n }, (_, i) => base.readInt32LE(Number(iov.readBigUInt64LE(i * 16) - 1000n)));
        calls.push({ call: 'writev', fds });
        return take(fds);
      },
      close: (fd: number): number => {
        calls.push({ call: 'close', fds: [fd] });
        return 0;
      },
    },
  };
}

describe(ResponseBatch.name, () => {
  const counters = (): Float64Array => new Float64Array(32);

  it('writes a batch with one writev, a single answer with write, then closes every fd once', () => {
    const { libc, calls } = fakeLibc(new Set());
    const cnt = counters();
    const batch = new ResponseBatch(libc, 3, cnt);
    batch.add(10, 1);
    batch.flush();
    for (const fd of [11, 12, 13]) batch.add(fd, 2);
    batch.flush();
    batch.flush();
    expect(calls).toEqual([
      { call: 'write', fds: [10] },
      { call: 'close', fds: [10] },
      { call: 'writev', fds: [11, 12, 13] },
      { call: 'close', fds: [11] },
      { call: 'close', fds: [12] },
      { call: 'close', fds: [13] },
    ]);
    expect([cnt[P.responseWrites], cnt[P.fdsClosed], cnt[P.responseErrors]]).toEqual([2, 4, 0]);
  });

  it('counts a refused answer, skips it and writes the rest; every fd is still closed', () => {
    const { libc, calls } = fakeLibc(new Set([12, 15]));
    const cnt = counters();
    const batch = new ResponseBatch(libc, 3, cnt);
    for (const fd of [11, 12, 13, 14, 15]) batch.add(fd, 1);
    batch.flush();
    expect(calls.filter((c) => c.call !== 'close')).toEqual([
      { call: 'writev', fds: [11, 12, 13, 14, 15] },
      { call: 'writev', fds: [13, 14, 15] },
    ]);
    expect(calls.filter((c) => c.call === 'close').map((c) => c.fds[0])).toEqual([11, 12, 13, 14, 15]);
    expect([cnt[P.responseErrors], cnt[P.fdsClosed]]).toEqual([2, 5]);
  });

  it(`writes on its own when ${MAX_BATCH} answers are held`, () => {
    const { libc, calls } = fakeLibc(new Set());
    const batch = new ResponseBatch(libc, 3, counters());
    for (let fd = 100; fd < 100 + MAX_BATCH + 1; fd++) batch.add(fd, 1);
    expect(calls.filter((c) => c.call === 'writev').map((c) => c.fds.length)).toEqual([MAX_BATCH]);
    batch.flush();
    expect(calls.filter((c) => c.call === 'write').map((c) => c.fds)).toEqual([[100 + MAX_BATCH]]);
  });
});
