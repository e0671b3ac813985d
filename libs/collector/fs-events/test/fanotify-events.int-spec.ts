// Real kernel, root: each event kind as a script-like table (action in a child process, then the
// events expected), in FID mode and, for the kinds it can report, fd mode. Only temporary
// directories are marked.
import { type TmpDir, makeTmpDir, runProcess, waitFor } from '@fsmon/testing';
import { FAN, type FanotifyEvent, type FanotifyFileEvent, FanotifySource, type ReportMode, fileHandleOf } from '../src';

interface Case {
  readonly name: string;
  /** Files and directories created before marking. */
  readonly setup: (t: TmpDir) => void;
  /** Shell script run by a child `sh` in the case directory. */
  readonly action: string;
  /** Path relative to the case directory ('.' = the directory) → bits that must all be seen on it. */
  readonly expect: Record<string, number>;
  readonly modes: readonly ReportMode[];
  /** fd mode differs: the kernel sets FAN_ONDIR in event masks for FID groups only. */
  readonly fdExpect?: Record<string, number>;
}

const both = ['fid', 'fd'] as const;
const fid = ['fid'] as const;
const file = (t: TmpDir): void => void t.file('a', 'hello\n');

const cases: Case[] = [
  { name: 'open + close_nowrite', setup: file, action: 'cat a', expect: { a: FAN.OPEN | FAN.CLOSE_NOWRITE }, modes: both },
  { name: 'access', setup: file, action: 'cat a', expect: { a: FAN.ACCESS }, modes: both },
  { name: 'modify + close_write', setup: file, action: 'echo more >> a', expect: { a: FAN.MODIFY | FAN.CLOSE_WRITE }, modes: both },
  { name: 'create', setup: () => undefined, action: 'touch new', expect: { new: FAN.CREATE }, modes: fid },
  { name: 'delete', setup: file, action: 'rm a', expect: { a: FAN.DELETE }, modes: fid },
  { name: 'moved from / to', setup: file, action: 'mv a b', expect: { a: FAN.MOVED_FROM, b: FAN.MOVED_TO }, modes: fid },
  { name: 'attrib', setup: file, action: 'chmod 600 a', expect: { a: FAN.ATTRIB }, modes: fid },
  { name: 'mkdir (create, ondir)', setup: () => undefined, action: 'mkdir d', expect: { d: FAN.CREATE | FAN.ONDIR }, modes: fid },
  { name: 'rmdir (delete, ondir)', setup: (t) => void t.dir('d'), action: 'rmdir d', expect: { d: FAN.DELETE | FAN.ONDIR }, modes: fid },
  {
    name: 'directory read (open, ondir)',
    setup: file,
    action: 'ls > /dev/null',
    expect: { '.': FAN.OPEN | FAN.ONDIR },
    fdExpect: { '.': FAN.OPEN },
    modes: both,
  },
  { name: 'directory rename', setup: (t) => void t.dir('d'), action: 'mv d e', expect: { d: FAN.MOVED_FROM | FAN.ONDIR, e: FAN.MOVED_TO | FAN.ONDIR }, modes: fid },
  { name: 'children of a marked directory', setup: (t) => void [t.file('x', '1'), t.file('y', '2')], action: 'cat x y', expect: { x: FAN.OPEN, y: FAN.OPEN }, modes: both },
];

const FID_MASK = FAN.OPEN | FAN.ACCESS | FAN.MODIFY | FAN.CLOSE | FAN.CREATE | FAN.DELETE | FAN.MOVE | FAN.ATTRIB;
const FD_MASK = FAN.OPEN | FAN.ACCESS | FAN.MODIFY | FAN.CLOSE;

function seen(events: FanotifyEvent[], path: string): number {
  return events
    .filter((e): e is FanotifyFileEvent => e.kind === 'file' && e.path === path && e.pid !== process.pid)
    .reduce((mask, e) => mask | e.mask, 0);
}

describe(FanotifySource.name, () => {
  let tmp: TmpDir;
  beforeAll(() => (tmp = makeTmpDir('fsmon-fan-')));
  afterAll(() => tmp.remove());

  describe.each(both)('%s mode', (mode) => {
    let source: FanotifySource;
    const events: FanotifyEvent[] = [];
    beforeAll(async () => {
      source = FanotifySource.open({ report: mode }).start((batch) => events.push(...batch));
      await source.ready();
    });
    afterAll(() => source.close());

    it('reports the mode it runs in', () => {
      expect(source.report).toBe(mode);
      expect(source.fallback).toBeNull();
    });

    it.each(cases.filter((c) => c.modes.includes(mode)).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const dir = makeTmpDir('fsmon-fan-case-');
      try {
        c.setup(dir);
        source.mark({ path: dir.path, mask: mode === 'fid' ? FID_MASK : FD_MASK, onChild: true, onDir: true });
        const result = await runProcess('sh', ['-c', c.action], 15_000, { cwd: dir.path });
        expect(result.code).toBe(0);
        const expected = Object.entries((mode === 'fd' && c.fdExpect) || c.expect).map(([rel, bits]) => [rel === '.' ? dir.path : `${dir.path}/${rel}`, bits] as const);
        await waitFor(
          () => expected.every(([path, bits]) => (seen(events, path) & bits) === bits),
          `${c.name}: expected ${JSON.stringify(Object.fromEntries(expected))}, seen ${JSON.stringify(expected.map(([p]) => [p, seen(events, p)]))}`,
          10_000,
        );
      } finally {
        source.unmark({ path: dir.path, mask: mode === 'fid' ? FID_MASK : FD_MASK, onChild: true, onDir: true });
        dir.remove();
      }
    });

    it('accounts for every event fd (fd mode) and decodes without errors', async () => {
      await waitFor(() => source.counters().batches > 0, 'at least one batch');
      const c = source.counters();
      expect(c.decodeErrors).toBe(0);
      expect(c.strayFds).toBe(0);
      if (mode === 'fd') expect(c.reader.fdsClosed).toBe(c.events - c.overflows);
    });
  });

  it('reports a rename as one event with both locations (FAN_RENAME)', async () => {
    const dir = makeTmpDir('fsmon-fan-rename-');
    dir.file('old', 'x');
    const events: FanotifyEvent[] = [];
    const source = FanotifySource.open({ report: 'fid' }).start((batch) => events.push(...batch));
    try {
      source.mark({ path: dir.path, mask: FAN.RENAME, onChild: true });
      expect((await runProcess('mv', [`${dir.path}/old`, `${dir.path}/new`])).code).toBe(0);
      await waitFor(() => events.some((e) => e.kind === 'file' && e.mask & FAN.RENAME), 'a FAN_RENAME event');
      const rename = events.find((e): e is FanotifyFileEvent => e.kind === 'file') as FanotifyFileEvent;
      expect(rename.from?.path).toBe(`${dir.path}/old`);
      expect(rename.path).toBe(`${dir.path}/new`);
      expect(rename.dir).toMatchObject(fileHandleOf(dir.path));
      expect(rename.from?.dir).toBe(rename.dir);
    } finally {
      await source.close();
      dir.remove();
    }
  });
});
