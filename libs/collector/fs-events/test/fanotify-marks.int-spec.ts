// Real kernel, root: mark kinds (inode, ignore masks, unmark, flush, mount and filesystem marks)
// and overflow. Mount/filesystem marks run in a child in a private mount namespace on a tmpfs
// mounted over a temporary directory, so nothing but test files is ever marked.
import path from 'node:path';
import { makeTmpDir, runProcess, tsNodeArgs, waitFor } from '@fsmon/testing';
import { FAN, type FanotifyEvent, FanotifySource } from '../src';

const paths = (events: FanotifyEvent[]): Array<string | null> => events.flatMap((e) => (e.kind === 'file' && e.pid !== process.pid ? [e.path] : []));

describe(`${FanotifySource.name} marks`, () => {
  it('does not report what an ignore mask covers', async () => {
    const dir = makeTmpDir('fsmon-ign-');
    const [quiet, loud] = [dir.file('quiet', 'q'), dir.file('loud', 'l')];
    const seen: FanotifyEvent[] = [];
    const source = FanotifySource.open({ report: 'fid' }).start((b) => seen.push(...b));
    try {
      source.mark({ path: dir.path, mask: FAN.OPEN, onChild: true });
      source.mark({ path: quiet, mask: FAN.OPEN, ignore: true, ignoreSurvivesModify: true });
      expect((await runProcess('cat', [quiet, loud])).code).toBe(0);
      await waitFor(() => paths(seen).includes(loud), 'open of loud');
      expect(paths(seen)).not.toContain(quiet);
    } finally {
      await source.close();
      dir.remove();
    }
  });

  it('stops reporting after unmark and after flush, and keeps marks added later', async () => {
    const dir = makeTmpDir('fsmon-flush-');
    const [a, b, sentinel] = [dir.file('a/f', '1'), dir.file('b/f', '2'), dir.file('s/f', '3')];
    const seen: FanotifyEvent[] = [];
    const source = FanotifySource.open({ report: 'fid' }).start((batch) => seen.push(...batch));
    try {
      source.mark({ path: path.dirname(a), mask: FAN.OPEN, onChild: true });
      source.mark({ path: b, mask: FAN.OPEN });
      source.unmark({ path: path.dirname(a), mask: FAN.OPEN, onChild: true });
      expect((await runProcess('cat', [a, b])).code).toBe(0);
      await waitFor(() => paths(seen).includes(b), 'open of b (file mark)');
      source.flush('inode');
      source.mark({ path: sentinel, mask: FAN.OPEN });
      expect((await runProcess('cat', [a, b, sentinel])).code).toBe(0);
      await waitFor(() => paths(seen).includes(sentinel), 'open of the sentinel (marked after the flush)');
      expect(paths(seen).filter((p) => p === a)).toHaveLength(0);
      expect(paths(seen).filter((p) => p === b)).toHaveLength(1);
    } finally {
      await source.close();
      dir.remove();
    }
  });

  it.each([
    ['mount', 'fid'],
    ['filesystem', 'fid'],
    ['mount', 'fd'],
  ])('reports events anywhere below a %s mark (%s mode)', async (target, report) => {
    const dir = makeTmpDir('fsmon-mnt-');
    try {
      const fixture = path.join(__dirname, 'fixtures/mount-marks.fixture.ts');
      const script = `mount -t tmpfs fsmon-test "$0" && exec node "$@"`;
      const result = await runProcess('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, dir.path, ...tsNodeArgs(fixture, [dir.path, target, report])], 45_000);
      expect(result).toMatchObject({ code: 0 });
      const out = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { report: string; paths: string[] };
      expect(out.report).toBe(report);
      expect(out.paths).toContain(`${dir.path}/sub/deeper/f`);
    } finally {
      dir.remove();
    }
  });

  it('turns a kernel queue overflow into an overflow event and a counter', async () => {
    const dir = makeTmpDir('fsmon-fovf-');
    const seen: FanotifyEvent[] = [];
    const source = FanotifySource.open({ report: 'fid' });
    try {
      source.mark({ path: dir.path, mask: FAN.CREATE, onChild: true }).start((b) => seen.push(...b));
      await source.ready();
      source.pause();
      // More distinct events than the default queue (16384) while nobody reads.
      const script = 'i=0; while [ $i -lt 17000 ]; do : > f$i; i=$((i+1)); done';
      expect((await runProcess('sh', ['-c', script], 45_000, { cwd: dir.path })).code).toBe(0);
      source.resume();
      await waitFor(() => seen.some((e) => e.kind === 'overflow'), 'an overflow event', 15_000);
      const c = source.counters();
      expect(c.overflows).toBe(1);
      expect(c.events).toBe(seen.length);
      expect(c.decodeErrors).toBe(0);
      expect(seen.filter((e) => e.kind === 'file')).toHaveLength(16384);
    } finally {
      await source.close();
      dir.remove();
    }
  });
});
