// ProcCache against the real /proc: child processes of this test that exec, rename themselves,
// change uid and exit. Every child is killed after its test; every wait is bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLibc } from './libc';
import { ProcCache, parseEuid } from './proc-info';

const BUSYBOX = '/usr/bin/busybox';
const SLEEP = fs.realpathSync('/usr/bin/sleep');
const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
const commOf = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(ProcCache.name, () => {
  const libc = loadLibc();
  let dir: string;
  let children: ChildProcess[] = [];
  let cache: InstanceType<typeof ProcCache>;

  /** Starts `argv` and waits until its comm is `comm` (it has exec'd what it should). */
  async function child(argv: string[], comm: string, stdin: 'pipe' | 'ignore' = 'ignore'): Promise<number> {
    const c = spawn(argv[0], argv.slice(1), { stdio: [stdin, 'ignore', 'ignore'] });
    children.push(c);
    const pid = c.pid ?? -1;
    await until(`${argv.join(' ')} to run as ${comm}`, () => commOf(pid) === comm);
    return pid;
  }
  const link = (name: string, target: string): string => {
    const at = path.join(dir, name);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at);
    return at;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-proc-cache-'));
    cache = new ProcCache(libc);
  });
  afterEach(async () => {
    cache.close();
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => c.once('exit', resolve)))));
    children = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an entry while the program and name stay, and reads it afresh after an exec of the same binary under another name', async () => {
    // busybox applets: `sh` execs `cat`, both /usr/bin/busybox; only comm tells them apart.
    const sh = link('sh', BUSYBOX);
    const pid = await child([sh, '-c', `read x; exec ${link('cat', BUSYBOX)}`], 'sh', 'pipe');
    const before = cache.get(pid);
    expect(before).toMatchObject({ exe: BUSYBOX, comm: 'sh' });
    expect(cache.get(pid)).toBe(before);

    children[0].stdin?.write('go\n');
    await until('the exec of cat', () => commOf(pid) === 'cat');
    const after = cache.get(pid);
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ exe: BUSYBOX, comm: 'cat', ns: before?.ns });
    expect(before?.dirFd).toBe(-1);
  });

  it('checks only the exe on getExe, and the name on withComm (an exec of the same binary under another name)', async () => {
    const sh = link('sh', BUSYBOX);
    const pid = await child([sh, '-c', `read x; exec ${link('cat', BUSYBOX)}`], 'sh', 'pipe');
    const before = cache.getExe(pid);
    expect(before).toMatchObject({ exe: BUSYBOX, comm: 'sh', commChecked: true });
    children[0].stdin?.write('go\n');
    await until('the exec of cat', () => commOf(pid) === 'cat');
    const hit = cache.getExe(pid);
    // Same exe: a hit whose name is not checked yet.
    expect(hit).toBe(before);
    expect(hit).toMatchObject({ comm: 'sh', commChecked: false });
    const after = hit === null ? null : cache.withComm(pid, hit);
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ exe: BUSYBOX, comm: 'cat', commChecked: true });
    expect(after === null ? null : cache.withComm(pid, after)).toBe(after);
    expect(cache.size).toBe(1);
  });

  it('reads an entry afresh after an exec of another binary under the same name', async () => {
    // `sh` execs sleep through a link also named `sh`: only the exe link tells them apart.
    const pid = await child([link('sh', BUSYBOX), '-c', `read x; exec ${link('other/sh', SLEEP)} 30`], 'sh', 'pipe');
    expect(cache.get(pid)).toMatchObject({ exe: BUSYBOX, comm: 'sh' });
    children[0].stdin?.write('go\n');
    await until('the exec of sleep', () => fs.readlinkSync(`/proc/${pid}/exe`) === SLEEP);
    expect(cache.get(pid)).toMatchObject({ exe: SLEEP, comm: 'sh' });
  });

  it('reads the euid, not the real uid, also of a process that is not dumpable', async () => {
    // ruid != euid after the exec makes sleep non-dumpable: its /proc files then belong to root,
    // but the /proc/<pid> directory keeps the effective owner (what statx reads).
    const pid = await child(['setpriv', '--ruid=1000', '--euid=4242', '--regid=4242', '--clear-groups', 'sleep', '30'], 'sleep');
    expect(fs.statSync(`/proc/${pid}/status`).uid).toBe(0);
    const entry = cache.get(pid);
    expect(entry).toMatchObject({ exe: SLEEP, comm: 'sleep' });
    expect(cache.euidOf(entry)).toBe(4242);
    expect(cache.statusEuid(entry?.dirFd)).toBe(4242);
    expect(cache.euidOf(cache.get(process.pid))).toBe(process.geteuid?.());
  });

  it('says -1 for the euid of a process that is gone (its directory would say root)', async () => {
    const pid = await child(['sleep', '30'], 'sleep');
    const entry = cache.get(pid);
    children[0].kill('SIGKILL');
    await new Promise((resolve) => children[0].once('exit', resolve));
    expect(cache.euidOf(entry)).toBe(-1);
  });

  it('forgets a process that is gone and closes its fds; close() closes the rest', async () => {
    const pids = [await child(['sleep', '30'], 'sleep'), await child(['sleep', '30'], 'sleep')];
    const fds = openFds();
    for (const pid of pids) expect(cache.get(pid)).not.toBeNull();
    expect(cache.size).toBe(2);
    expect(openFds()).toBe(fds + 4);

    children[0].kill('SIGKILL');
    await new Promise((resolve) => children[0].once('exit', resolve));
    expect(cache.get(pids[0])).toBeNull();
    expect(cache.size).toBe(1);
    expect(openFds()).toBe(fds + 2);

    cache.close();
    expect(cache.size).toBe(0);
    expect(openFds()).toBe(fds);
  });

  it('makes room when full: first by dropping processes that are gone, then everything', async () => {
    cache = new ProcCache(libc, 4);
    const pids: number[] = [];
    for (let i = 0; i < 6; i++) pids.push(await child(['sleep', '30'], 'sleep'));
    const fds = openFds();
    for (const pid of pids.slice(0, 4)) cache.get(pid);
    for (const c of children.slice(0, 2)) {
      c.kill('SIGKILL');
      await new Promise((resolve) => c.once('exit', resolve));
    }
    cache.get(pids[4]);
    expect(cache.size).toBe(3);
    expect(openFds()).toBe(fds + 6);

    cache.get(process.pid);
    cache.get(pids[5]);
    expect(cache.size).toBe(1);
    expect(openFds()).toBe(fds + 2);
    cache.close();
    expect(openFds()).toBe(fds);
  });
});

describe(parseEuid.name, () => {
  const status = (text: string): [Buffer, number] => [Buffer.from(text), Buffer.byteLength(text)];

  it('takes the second number of the Uid: line', () => {
    expect(parseEuid(...status('Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t4242\t4242\t4242\nGid:\t0\t0\t0\t0\n'))).toBe(4242);
  });

  it('says -1 when there is none, or only up to the bytes read', () => {
    expect(parseEuid(...status('Name:\tsh\nGid:\t0\t0\t0\t0\n'))).toBe(-1);
    expect(parseEuid(...status('Name:\tsh\nUid:\t1000'))).toBe(-1);
    const [buf] = status('Name:\tsh\nUid:\t1000\t4242\t4242\t4242\n');
    expect(parseEuid(buf, 12)).toBe(-1);
  });
});
