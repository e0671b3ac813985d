import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileFilter } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { TreeWalker } from './tree.walker';

const recursive = (p: string, regex = '.*'): FileFilter => ({ filter: `${p}/*`, path: p, regex, recursive: true, customerAdd: true, behavior: 'monitor_change', dgroup: '' });

describe(TreeWalker.name, () => {
  let root: string;
  const file = (p: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), 'x');
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-walk-'));
    for (const p of ['etc/passwd', 'etc/motd', 'usr/bin/ls', 'var/lib/dpkg/status', 'var/lib/dpkg/other', 'home/ann/.ssh/id_rsa', 'home/ann/notes', 'usr/lib/x86/libc.so.6', 'usr/lib/x86/libz.so', 'srv/big/a']) file(p);
    fs.symlinkSync('usr/bin', path.join(root, 'bin'));
    fs.symlinkSync('usr/lib', path.join(root, 'lib'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const walk = (filters: readonly FileFilter[], over: Partial<ConstructorParameters<typeof TreeWalker>[0]> = {}) =>
    new TreeWalker({ rootPath: root, filters, maxDirs: 1000, mountPoints: new Set(), ...over }).walk();

  it('expands the default filters: ancestors walked through, wildcards, usr-merged aliases, regexes', async () => {
    const plan = await walk(DEFAULT_FILTERS);
    const children = (d: string) => [...(plan.dirs.get(d)?.children.keys() ?? [])].sort();
    expect(children('/etc')).toEqual(['passwd']);
    expect(children('/var/lib/dpkg')).toEqual(['status']);
    expect(children('/home/ann/.ssh')).toEqual(['id_rsa']);
    expect(children('/usr/bin')).toEqual(['ls']);
    expect(plan.dirs.get('/usr/bin')?.views.sort()).toEqual(['/bin', '/usr/bin']);
    expect(children('/usr/lib/x86')).toEqual(['libc.so.6']);
    expect(plan.dirs.get('/usr/lib/x86')?.views).toEqual(['/lib/x86']);
    expect(plan.dirs.get('/var/lib')?.kind).toBe('structure');
    expect(plan.dirs.get('/home')?.kind).toBe('structure');
    expect(plan.dirs.has('/srv')).toBe(false);
  });

  it('gives a covered mount-point file its own entry, and stops at the directory limit', async () => {
    const plan = await walk(DEFAULT_FILTERS, { mountPoints: new Set(['/etc/passwd']) });
    expect(plan.files.get('/etc/passwd')?.parent?.path).toBe('/etc');
    const capped = await walk([recursive('/srv')], { maxDirs: 2 });
    expect(capped.truncated).toBe(true);
    expect(capped.dirs.size).toBeLessThanOrEqual(2);
  });

  it('finishes over a directory symlink loop below a recursive filter, and watches the tree once', async () => {
    // The host's /usr/lib/llvm-14/build/Release -> .. under the default recursive `/lib` filter.
    fs.mkdirSync(path.join(root, 'usr/lib/llvm-14/build'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/lib/llvm-14/build/libc.so.7'), 'x');
    fs.symlinkSync('..', path.join(root, 'usr/lib/llvm-14/build/Release'));
    fs.symlinkSync('../../..', path.join(root, 'usr/lib/llvm-14/up'));
    const plan = await walk(DEFAULT_FILTERS, { maxDirs: 100_000 });
    expect(plan.truncated).toBe(false);
    expect(plan.aborted).toBe(false);
    const build = plan.dirs.get('/usr/lib/llvm-14/build');
    expect(build?.views).toEqual(['/lib/llvm-14/build']);
    expect([...(build?.children.keys() ?? [])]).toEqual(['libc.so.7']);
    // Every planned directory is a real one, each under the names on the way to a filter only.
    expect([...plan.dirs.keys()].filter((d) => d.includes('Release') || d.includes('/up'))).toEqual([]);
    expect([...plan.dirs.values()].flatMap((d) => d.views).filter((v) => v.includes('Release') || v.includes('/up'))).toEqual([]);
    // The usr-merged aliases on the way to a filter's directory are still followed.
    expect(plan.dirs.get('/usr/bin')?.views.sort()).toEqual(['/bin', '/usr/bin']);
  });

  it('stops at an abort and returns the partial plan marked aborted', async () => {
    for (let i = 0; i < 40; i += 1) for (let j = 0; j < 40; j += 1) fs.mkdirSync(path.join(root, `srv/big/d${i}/e${j}`), { recursive: true });
    const total = 1 + 1 + 1 + 40 + 40 * 40; // /, /srv, /srv/big, d*, e*
    const controller = new AbortController();
    const walker = new TreeWalker({ rootPath: root, filters: [recursive('/srv')], maxDirs: 100_000, mountPoints: new Set(), concurrency: 4, signal: controller.signal });
    const walking = walker.walk();
    while (walker.planned < 20) await new Promise((r) => setImmediate(r));
    const atAbort = walker.planned;
    controller.abort();
    const plan = await walking;
    expect(plan.aborted).toBe(true);
    // Only the visits already reading a directory complete (at most one per worker).
    expect(plan.dirs.size).toBeLessThanOrEqual(atAbort + 4);
    expect(plan.dirs.size).toBeLessThan(total);
    const whole = await walk([recursive('/srv')], { maxDirs: 100_000 });
    expect(whole.dirs.size).toBe(total);
  });
});
