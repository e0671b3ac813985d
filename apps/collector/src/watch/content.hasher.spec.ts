import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_HASH } from '@fsmon/collector-domain';
import { NamesStat } from '@fsmon/fs-events';
import { ContentHasher } from './content.hasher';

const expected = (content: Buffer | string) => createHash('sha256').update(content).digest('hex').slice(0, CONTENT_HASH.hexLength);

describe(ContentHasher.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-hasher-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: Buffer | string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it('hashes the whole content and signs size, times and inode', async () => {
    const file = write('a', 'hello\n');
    const seen = await new ContentHasher(1 << 20, 2).observe(file, true);
    const st = fs.lstatSync(file);
    expect(seen).toMatchObject({ exists: true, isDir: false, isSymlink: false, hash: expected('hello\n') });
    expect(seen.sig).toBe(`${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`);
  });

  it('observes a directory’s names at once as observe does without a hash (a symlink is left to observe)', async () => {
    write('a', 'hello\n');
    fs.mkdirSync(path.join(dir, 'd'));
    fs.symlinkSync('a', path.join(dir, 'l'));
    const names = ['a', 'd', 'l', 'gone'];
    const hasher = new ContentHasher(1 << 20, 2, new NamesStat());
    const alone = await Promise.all(names.map((n) => hasher.observe(path.join(dir, n), false)));
    expect(hasher.observeNames(dir, names)).toEqual([alone[0], alone[1], undefined, alone[3]]);
    expect(hasher.observeNames('/proc/self', ['status'])).toBeUndefined();
    expect(new ContentHasher(1 << 20, 2).observeNames(dir, names)).toBeUndefined();
  });

  it('keeps every file’s hash its own while read buffers are reused, small and large alike', async () => {
    const hasher = new ContentHasher(1 << 24, 3);
    const contents = Array.from({ length: 40 }, (_, i) => Buffer.alloc(i % 4 === 0 ? 300_000 + i : 10 + i, i + 1));
    const files = contents.map((c, i) => write(`f${i}`, c));
    const seen = await Promise.all(files.map((f) => hasher.observe(f, true)));
    expect(seen.map((s) => s.hash)).toEqual(contents.map(expected));
    const again = await Promise.all(files.map((f) => hasher.observe(f, true)));
    expect(again.map((s) => s.hash)).toEqual(contents.map(expected));
  });

  it('reads on to the end of a file that grew after its lstat', async () => {
    const file = write('grows', 'x');
    const hasher = new ContentHasher(1 << 20, 1);
    const big = Buffer.alloc(100_000, 7);
    const observing = hasher.observe(file, true);
    fs.writeFileSync(file, big); // lstat has not run yet or saw 1 byte: either way the read follows the file
    expect((await observing).hash).toBe(expected(big));
  });

  it('gives no hash over the size cap, and counts it', async () => {
    const hasher = new ContentHasher(10, 1);
    expect((await hasher.observe(write('big', 'more than ten bytes'), true)).hash).toBeNull();
    expect(hasher.counters.tooLarge).toBe(1);
  });

  it('signs a symlink by its target and a gone path as gone', async () => {
    fs.symlinkSync('target', path.join(dir, 'link'));
    const hasher = new ContentHasher(1 << 20, 1);
    expect(await hasher.observe(path.join(dir, 'link'), true)).toMatchObject({ isSymlink: true, linkTarget: 'target', sig: 'link:target', hash: null });
    expect(await hasher.observe(path.join(dir, 'none'), true)).toMatchObject({ exists: false, sig: null });
  });
});
