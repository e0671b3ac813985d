import { ReportRingReader, ReportRingWriter, createReportRing } from '.';

const bytes = (s: string): Buffer => Buffer.from(s);

describe(ReportRingWriter.name, () => {
  it('round-trips records in order, with and without exe/comm/euid', () => {
    const ring = createReportRing(4096);
    const w = new ReportRingWriter(ring);
    const path = bytes('/etc/passwd-and-more');
    expect(w.write(10, 1.5, 0x10000, 4026531840, 2, 4, 3, 7, path, 11, bytes('/usr/bin/cat'), bytes('cat'), 4242)).toBe(true);
    expect(w.write(11, 2, 0x10000, 0, 1, 0, -1, 7, null, 0, null, null, -1)).toBe(true);
    expect(new ReportRingReader(ring).drain()).toEqual([
      { pid: 10, time: 1.5, mask: 0x10000, mntns: 4026531840, verdict: 2, reason: 4, rule: 3, gen: 7, path: '/etc/passwd', exe: '/usr/bin/cat', comm: 'cat', euid: 4242 },
      { pid: 11, time: 2, mask: 0x10000, mntns: 0, verdict: 1, reason: 0, rule: -1, gen: 7, path: '', exe: null, comm: null, euid: -1 },
    ]);
  });

  it('wraps around the end and refuses records when full (the writer counts the drop)', () => {
    const ring = createReportRing(4096);
    const w = new ReportRingWriter(ring);
    const r = new ReportRingReader(ring);
    const path = Buffer.alloc(500, 'a');
    let written = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 3; i++) written += w.write(round, 0, 0, 0, 1, 0, -1, 0, path, 500, null, null, 0) ? 1 : 0;
      expect(r.drain().every((rec) => rec.path === path.toString())).toBe(true);
    }
    expect(written).toBe(60);
    let accepted = 0;
    while (w.write(1, 0, 0, 0, 1, 0, -1, 0, path, 500, null, null, 0)) accepted++;
    expect(accepted).toBe(7);
    expect(r.drain()).toHaveLength(7);
  });

  it('rejects capacities that are not powers of two', () => {
    expect(() => createReportRing(5000)).toThrow(RangeError);
  });
});
