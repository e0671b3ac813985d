// Real kernel, root: the mark ledger on a real permission group. Marks land only on the test's
// temporary directories; `cat` runs as a child process (the test process's own opens are allowed).
import fs from 'node:fs';
import path from 'node:path';
 
import { makeTmpDir, runProcess, type TmpDir } from '@fsmon/testing';
import { MarkLedger } from '../../src/protect/kernel/mark.ledger';
import { PermissionEngine } from '../../src/protect/kernel/permission.engine';

const ownNs = Number(/\d+/.exec(fs.readlinkSync('/proc/self/ns/mnt'))?.[0]);

describe(MarkLedger.name, () => {
  let tmp: TmpDir;
  let engine: PermissionEngine;
  let sut: MarkLedger;
  const errors: string[] = [];

  beforeEach(async () => {
    tmp = makeTmpDir('fsmon-ledger-');
    engine = await PermissionEngine.open({ deadlineMs: 100, onReport: () => undefined, onError: (e) => errors.push(e.message) });
    sut = new MarkLedger(engine, (what, e) => errors.push(`${what}: ${e.message}`));
  });
  afterEach(async () => {
    await engine.close();
    tmp.remove();
  });

  const refuse = (dir: string) => engine.setEntries([{ id: 'w\t/x/.*', mntns: ownNs, path: dir, match: 'children', name: '*', allow: [], otherwise: 'deny', fail: 'deny' }]);
  const cat = async (file: string) => (await runProcess('cat', [file])).code;

  it('shares the mark of one inode between owners and removes it with the last', async () => {
    const dir = tmp.dir('shared');
    const file = tmp.file('shared/f', 'x');
    fs.symlinkSync(dir, path.join(tmp.path, 'alias'));
    refuse(dir);
    sut.add('a', [{ hostPath: dir, kind: 'dir' }]);
    sut.add('b', [{ hostPath: path.join(tmp.path, 'alias'), kind: 'dir' }]);
    expect(sut.counters).toMatchObject({ marked: 1, markErrors: 0 });
    expect(await cat(file)).toBe(1);
    sut.prune('a', []);
    expect(await cat(file)).toBe(1);
    sut.prune('b', []);
    expect(await cat(file)).toBe(0);
    expect(sut.counters).toMatchObject({ marked: 1, unmarked: 1, staleUnmarks: 0 });
    expect(sut.size).toBe(0);
  });

  it('adds before it prunes: an owner moving between paths keeps what stays', async () => {
    const one = tmp.dir('one');
    const two = tmp.dir('two');
    sut.add('a', [{ hostPath: one, kind: 'dir' }]);
    const next = [{ hostPath: one, kind: 'dir' as const }, { hostPath: two, kind: 'dir' as const }];
    sut.add('a', next);
    sut.prune('a', next);
    expect(sut.counters).toMatchObject({ marked: 2, unmarked: 0 });
    sut.prune('a', [{ hostPath: two, kind: 'dir' }]);
    expect(sut.counters).toMatchObject({ marked: 2, unmarked: 1 });
    expect(sut.heldBy('a')).toBe(1);
  });

  it('counts what it cannot mark, and unmarks that fail because the directory moved', () => {
    sut.add('a', [{ hostPath: path.join(tmp.path, 'missing'), kind: 'dir' }]);
    expect(sut.counters.markErrors).toBe(1);
    const moving = tmp.dir('moving');
    sut.add('a', [{ hostPath: moving, kind: 'dir' }]);
    fs.renameSync(moving, path.join(tmp.path, 'moved'));
    sut.prune('a', []);
    expect(sut.counters).toMatchObject({ marked: 1, staleUnmarks: 1 });
    expect(errors).toEqual([]);
  });
});
