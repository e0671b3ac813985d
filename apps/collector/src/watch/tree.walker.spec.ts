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
});
