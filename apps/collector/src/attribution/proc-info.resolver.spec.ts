import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcInfoResolver } from './proc-info.resolver';

// A fake /proc: each process is a directory with the files the resolver reads.
function fakeProc(dir: string, pid: number, p: { comm: string; start: number; ppid: number; exe: string; uid: number; argv: string[] }): void {
  const base = path.join(dir, String(pid));
  fs.rmSync(base, { recursive: true, force: true });
  fs.mkdirSync(path.join(base, 'ns'), { recursive: true });
  // Field 22 (start time) is the 20th after the comm: state, ppid, then 17 others.
  const rest = Array.from({ length: 18 }, (_, i) => (i === 17 ? String(p.start) : '0')).join(' ');
  fs.writeFileSync(path.join(base, 'stat'), `${pid} (${p.comm}) S ${p.ppid} ${rest} 0 0`);
  fs.writeFileSync(path.join(base, 'status'), `Name:\t${p.comm}\nPid:\t${pid}\nPPid:\t${p.ppid}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`);
  fs.writeFileSync(path.join(base, 'cmdline'), `${p.argv.join('\0')}\0`);
  fs.symlinkSync(p.exe, path.join(base, 'exe'));
  fs.symlinkSync('/', path.join(base, 'root'));
  fs.symlinkSync('mnt:[4026531840]', path.join(base, 'ns', 'mnt'));
}

describe(ProcInfoResolver.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-proc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a process once, then serves it from the cache until revalidation', () => {
    fakeProc(dir, 1, { comm: 'init', start: 1, ppid: 0, exe: '/sbin/init', uid: 0, argv: ['init'] });
    fakeProc(dir, 42, { comm: 'sh', start: 500, ppid: 1, exe: '/usr/bin/busybox (deleted)', uid: 1000, argv: ['/bin/sh', '-c', 'x'] });
    const sut = new ProcInfoResolver({ procDir: dir, hostMntns: 4026531840, maxEntries: 16, revalidateMs: 1000 });
    const first = sut.lookup(42, 10_000);
    expect(first).toMatchObject({ pid: 42, startTime: 500, name: 'sh', exe: '/usr/bin/busybox', cmds: ['/bin/sh', '-c', 'x'], euid: 1000, ppid: 1, pname: 'init', ppath: '/sbin/init', group: 'host' });
    expect(sut.lookup(42, 10_500)).toBe(first);
    expect(sut.counters).toMatchObject({ reads: 1, hits: 1 });
  });

  it('never lets a reused pid inherit the previous process (start time differs)', () => {
    fakeProc(dir, 42, { comm: 'sh', start: 500, ppid: 0, exe: '/bin/sh', uid: 0, argv: ['sh'] });
    const sut = new ProcInfoResolver({ procDir: dir, hostMntns: 4026531840, maxEntries: 16, revalidateMs: 100 });
    expect(sut.lookup(42, 0)?.name).toBe('sh');
    fakeProc(dir, 42, { comm: 'evil', start: 900, ppid: 0, exe: '/tmp/evil', uid: 0, argv: ['evil'] });
    const now = sut.lookup(42, 1000);
    expect(now).toMatchObject({ name: 'evil', exe: '/tmp/evil', startTime: 900 });
    expect(sut.counters.reused).toBe(1);
  });

  it('attributes an exited process to the last record of its pid, and knows nothing of a never-seen one', () => {
    fakeProc(dir, 7, { comm: 'cp', start: 5, ppid: 0, exe: '/bin/cp', uid: 0, argv: ['cp'] });
    const sut = new ProcInfoResolver({ procDir: dir, hostMntns: 1, maxEntries: 16, revalidateMs: 0 });
    expect(sut.lookup(7, 0)?.name).toBe('cp');
    fs.rmSync(path.join(dir, '7'), { recursive: true });
    expect(sut.lookup(7, 10)?.name).toBe('cp');
    expect(sut.lookup(8, 10)).toBeNull();
    expect(sut.counters.gone).toBe(2);
  });

  it('checks the start time again at every new batch by default, so even a pid reused 1 ms later is caught', () => {
    fakeProc(dir, 42, { comm: 'sh', start: 500, ppid: 0, exe: '/bin/sh', uid: 0, argv: ['sh'] });
    const sut = new ProcInfoResolver({ procDir: dir, hostMntns: 1, maxEntries: 16 });
    expect(sut.lookup(42, 100)?.name).toBe('sh');
    expect(sut.lookup(42, 100)?.name).toBe('sh');
    fakeProc(dir, 42, { comm: 'evil', start: 501, ppid: 0, exe: '/tmp/evil', uid: 0, argv: ['evil'] });
    expect(sut.lookup(42, 101)).toMatchObject({ name: 'evil', startTime: 501 });
    expect(sut.counters).toMatchObject({ reads: 2, hits: 1, reused: 1 });
  });

  it('remembers a pid gone without a record for the rest of the batch only', () => {
    const sut = new ProcInfoResolver({ procDir: dir, hostMntns: 1, maxEntries: 16 });
    expect(sut.lookup(9, 100)).toBeNull();
    expect(sut.lookup(9, 100)).toBeNull();
    fakeProc(dir, 9, { comm: 'late', start: 7, ppid: 0, exe: '/bin/late', uid: 0, argv: ['late'] });
    expect(sut.lookup(9, 100)).toBeNull();
    expect(sut.lookup(9, 101)?.name).toBe('late');
    expect(sut.counters).toMatchObject({ gone: 3, reads: 1 });
  });
});
