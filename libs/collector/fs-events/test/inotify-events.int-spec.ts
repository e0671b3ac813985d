// Real kernel: inotify event kinds as a table (action in a child process, then the events expected),
// rename cookies, IN_IGNORED and IN_Q_OVERFLOW. Only temporary directories are watched.
import { type TmpDir, makeTmpDir, runProcess, waitFor } from '@fsmon/testing';
import { IN, type InotifyEvent, type InotifyFileEvent, InotifySource } from '../src';

interface Case {
  readonly name: string;
  readonly setup: (t: TmpDir) => void;
  readonly action: string;
  /** Child name ('' = the watched directory itself) → bits that must all be seen on it. */
  readonly expect: Record<string, number>;
}

const file = (t: TmpDir): void => void t.file('a', 'hello\n');

const cases: Case[] = [
  { name: 'open + access + close_nowrite', setup: file, action: 'cat a', expect: { a: IN.OPEN | IN.ACCESS | IN.CLOSE_NOWRITE } },
  { name: 'modify + close_write', setup: file, action: 'echo more >> a', expect: { a: IN.MODIFY | IN.CLOSE_WRITE } },
  { name: 'create', setup: () => undefined, action: 'touch new', expect: { new: IN.CREATE } },
  { name: 'delete', setup: file, action: 'rm a', expect: { a: IN.DELETE } },
  { name: 'attrib', setup: file, action: 'chmod 600 a', expect: { a: IN.ATTRIB } },
  { name: 'mkdir (create, isdir)', setup: () => undefined, action: 'mkdir d', expect: { d: IN.CREATE | IN.ISDIR } },
  { name: 'rmdir (delete, isdir)', setup: (t) => void t.dir('d'), action: 'rmdir d', expect: { d: IN.DELETE | IN.ISDIR } },
  { name: 'directory read (open, isdir)', setup: file, action: 'ls > /dev/null', expect: { '': IN.OPEN | IN.ISDIR } },
];

const events = (all: InotifyEvent[]): InotifyFileEvent[] => all.filter((e): e is InotifyFileEvent => e.kind === 'file');
const seen = (all: InotifyEvent[], wd: number, name: string): number =>
  events(all)
    .filter((e) => e.wd === wd && (e.name ?? '') === name)
    .reduce((mask, e) => mask | e.mask, 0);

describe(InotifySource.name, () => {
  let source: InotifySource;
  const got: InotifyEvent[] = [];
  beforeAll(async () => {
    source = InotifySource.open().start((batch) => got.push(...batch));
    await source.ready();
  });
  afterAll(() => source.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = makeTmpDir('fsmon-in-case-');
    try {
      c.setup(dir);
      const wd = source.watch(dir.path, IN.ALL_EVENTS);
      expect(source.pathOf(wd)).toBe(dir.path);
      expect((await runProcess('sh', ['-c', c.action], 15_000, { cwd: dir.path })).code).toBe(0);
      await waitFor(
        () => Object.entries(c.expect).every(([name, bits]) => (seen(got, wd, name) & bits) === bits),
        `${c.name}: expected ${JSON.stringify(c.expect)}`,
        10_000,
      );
      const named = events(got).find((e) => e.wd === wd && e.name === Object.keys(c.expect)[0]);
      if (named) expect(named.path).toBe(`${dir.path}/${named.name}`);
      source.unwatch(wd);
    } finally {
      dir.remove();
    }
  });

  it('pairs moved_from with moved_to by cookie', async () => {
    const dir = makeTmpDir('fsmon-in-move-');
    try {
      dir.file('a', 'x');
      const wd = source.watch(dir.path, IN.MOVED_FROM | IN.MOVED_TO);
      expect((await runProcess('mv', [`${dir.path}/a`, `${dir.path}/b`])).code).toBe(0);
      await waitFor(() => seen(got, wd, 'b') !== 0, 'moved_to b');
      const from = events(got).find((e) => e.wd === wd && e.mask & IN.MOVED_FROM);
      const to = events(got).find((e) => e.wd === wd && e.mask & IN.MOVED_TO);
      expect(from).toMatchObject({ name: 'a', path: `${dir.path}/a` });
      expect(to).toMatchObject({ name: 'b', path: `${dir.path}/b` });
      expect(from?.cookie).not.toBe(0);
      expect(to?.cookie).toBe(from?.cookie);
      source.unwatch(wd);
    } finally {
      dir.remove();
    }
  });

  it('delivers IN_IGNORED when a watch is removed, then forgets the wd', async () => {
    const dir = makeTmpDir('fsmon-in-ign-');
    try {
      const wd = source.watch(dir.path, IN.CREATE);
      source.unwatch(wd);
      await waitFor(() => (seen(got, wd, '') & IN.IGNORED) !== 0, 'IN_IGNORED after unwatch');
      expect(source.pathOf(wd)).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it('delivers delete_self then IN_IGNORED when the watched directory is removed', async () => {
    const dir = makeTmpDir('fsmon-in-self-');
    const sub = dir.dir('victim');
    try {
      const wd = source.watch(sub, IN.DELETE_SELF | IN.MOVE_SELF);
      expect((await runProcess('rmdir', [sub])).code).toBe(0);
      await waitFor(() => (seen(got, wd, '') & (IN.DELETE_SELF | IN.IGNORED)) === (IN.DELETE_SELF | IN.IGNORED), 'delete_self + ignored');
      expect(events(got).find((e) => e.wd === wd)?.path).toBe(sub);
    } finally {
      dir.remove();
    }
  });

  it('turns a kernel queue overflow into an overflow event and a counter', async () => {
    const dir = makeTmpDir('fsmon-in-ovf-');
    const own = InotifySource.open();
    const seenHere: InotifyEvent[] = [];
    try {
      own.watch(dir.path, IN.CREATE);
      own.start((batch) => seenHere.push(...batch));
      await own.ready();
      own.pause();
      // More distinct events than fs.inotify.max_queued_events (16384) while nobody reads.
      const script = 'i=0; while [ $i -lt 17000 ]; do : > f$i; i=$((i+1)); done';
      expect((await runProcess('sh', ['-c', script], 45_000, { cwd: dir.path })).code).toBe(0);
      own.resume();
      await waitFor(() => seenHere.some((e) => e.kind === 'overflow'), 'an overflow event', 15_000);
      const c = own.counters();
      expect(c.overflows).toBe(1);
      expect(c.events).toBe(seenHere.length);
      expect(seenHere.filter((e) => e.kind === 'file').length).toBeGreaterThan(0);
      expect(seenHere.filter((e) => e.kind === 'file').length).toBeLessThan(17000);
    } finally {
      await own.close();
      dir.remove();
    }
  });

  it('reports a missing path as a named error', () => {
    expect(() => source.watch('/nonexistent/fsmon-test', IN.CREATE)).toThrow(expect.objectContaining({ code: 'no-such-path', errno: 'ENOENT' }));
  });
});
