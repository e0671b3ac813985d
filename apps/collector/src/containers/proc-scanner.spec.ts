import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inodeKey } from './proc-fs';
import { oldestPid, ProcScanner } from './proc-scanner';

const HOST_NS = 4026531840;

describe(ProcScanner.name, () => {
  let dir: string;
  let proc: string;
  let hostRoot: string;

  const add = (pid: number, ns: number, root: string, start: number) => {
    const base = path.join(proc, String(pid));
    fs.mkdirSync(path.join(base, 'ns'), { recursive: true });
    fs.symlinkSync(`mnt:[${ns}]`, path.join(base, 'ns', 'mnt'));
    fs.symlinkSync(root, path.join(base, 'root'));
    const fields = Array.from({ length: 18 }, (_, i) => (i === 17 ? String(start) : '0')).join(' ');
    fs.writeFileSync(path.join(base, 'stat'), `${pid} (p) S 1 ${fields} 0`);
  };
  const remove = (pid: number) => fs.rmSync(path.join(proc, String(pid)), { recursive: true });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-scan-'));
    proc = path.join(dir, 'proc');
    hostRoot = path.join(dir, 'host');
    for (const d of [proc, hostRoot, path.join(dir, 'c1'), path.join(dir, 'c2')]) fs.mkdirSync(d);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('groups processes by mount namespace and root, skipping host-like ones, incrementally', () => {
    add(1, HOST_NS, hostRoot, 1);
    add(100, 5001, hostRoot, 10); // another namespace, the host's root: a host process (unshare -m, sandboxed service)
    add(101, 5001, path.join(dir, 'c1'), 12);
    add(102, 5001, path.join(dir, 'c1'), 11);
    add(200, 5002, path.join(dir, 'c2'), 20);
    const sut = new ProcScanner(proc, HOST_NS, inodeKey(hostRoot));
    const changed = sut.scan();
    expect(changed.size).toBe(2);
    const c1 = [...sut.allGroups()].find((g) => g.pids.has(101));
    expect(c1?.mntns).toBe(5001);
    if (c1 === undefined) throw new Error('container group missing');
    expect(oldestPid(c1)).toEqual({ pid: 102, startTime: 11 });
    expect(sut.counters.inspected).toBe(5);
    expect(sut.scan().size).toBe(0);
    // Only the host-like pid is looked at again; known container processes are not re-read.
    expect(sut.counters.inspected).toBe(6);
    remove(102);
    expect([...sut.scan()]).toEqual([c1?.key]);
    expect(oldestPid(c1)).toEqual({ pid: 101, startTime: 12 });
  });

  it('notices a pid reused between two scans when revalidating a root', () => {
    add(300, 5003, path.join(dir, 'c1'), 30);
    const sut = new ProcScanner(proc, HOST_NS, inodeKey(hostRoot));
    sut.scan();
    remove(300);
    add(300, 5003, path.join(dir, 'c1'), 31);
    expect(sut.revalidate(300, 30)).toBe(false);
    sut.scan();
    expect(oldestPid([...sut.allGroups()][0])).toEqual({ pid: 300, startTime: 31 });
  });
});
