import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NamesStat } from './names-stat';

describe(NamesStat.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'names-stat-'));
    fs.writeFileSync(path.join(dir, 'file'), 'some content');
    fs.writeFileSync(path.join(dir, 'empty'), '');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('file', path.join(dir, 'link'));
    fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
    fs.writeFileSync(path.join(dir, 'é ü'), 'x');
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync('real', path.join(dir, 'via'));
    fs.writeFileSync(path.join(dir, 'real', 'inner'), 'y');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return null; // any failure (gone, name too long): what the collector's observe counts as gone
    }
    const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
    return { kind, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
  };

  it('gives what lstat gives, name by name, through a /proc/<pid>/root path as the collector uses', () => {
    const names = ['file', 'empty', 'sub', 'link', 'dangling', 'é ü', 'missing', '.', '..', 'x'.repeat(300)];
    const hostDir = `/proc/${process.pid}/root${dir}`;
    expect(new NamesStat().lstatIn(hostDir, names)).toEqual(names.map((n) => expected(path.join(hostDir, n))));
  });

  it('gives what fstat gives of an open fd, for a file and a directory, and null for a closed fd', () => {
    for (const p of [path.join(dir, 'file'), path.join(dir, 'sub')]) {
      const fd = fs.openSync(p, 'r');
      try {
        expect(new NamesStat().fdStat(fd)).toEqual(expected(p));
      } finally {
        fs.closeSync(fd);
      }
    }
    const fd = fs.openSync(path.join(dir, 'file'), 'r');
    fs.closeSync(fd);
    expect(new NamesStat().fdStat(fd)).toBeNull();
  });

  it('follows a symlink on the way to the directory, as lstat does for every component but the last', () => {
    expect(new NamesStat().lstatIn(path.join(dir, 'via'), ['inner'])).toEqual([expected(path.join(dir, 'via', 'inner'))]);
  });

  it('gives the same signature figures as Node for a file changed within the same second (nanosecond times)', () => {
    const p = path.join(dir, 'file');
    fs.utimesSync(p, 1_700_000_000.123456, 1_700_000_000.987654);
    fs.appendFileSync(p, 'more');
    const [st] = new NamesStat().lstatIn(dir, ['file']) ?? [];
    const node = fs.lstatSync(p);
    expect([st?.size, st?.mtimeMs, st?.ctimeMs, st?.ino].join(':')).toBe([node.size, node.mtimeMs, node.ctimeMs, node.ino].join(':'));
  });

  it('answers null for every name of a directory that is gone or not a directory', () => {
    expect(new NamesStat().lstatIn(path.join(dir, 'gone'), ['a', 'b'])).toEqual([null, null]);
    expect(new NamesStat().lstatIn(path.join(dir, 'file'), ['a'])).toEqual([null]);
  });

  it('declines (undefined) a directory that is not on a local filesystem', () => {
    expect(new NamesStat().lstatIn('/proc/self', ['status'])).toBeUndefined();
  });
});
