// Real kernel: an inotify watch the kernel refuses is not silent. The refusal here is ENOENT (the
// directory went away between the walk and the watch); ENOSPC at fs.inotify.max_user_watches goes
// the same way (counted by code, logged once per window with the sysctl to raise, a gap event per
// workload naming the directories).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MarkTable, type MarkHolder } from '../src/watch/mark.table';
import { KernelBackend } from '../src/watch/kernel.backend';
import { WatchErrorReporter } from '../src/watch/watch-error.reporter';
import { INOTIFY_DIR_MASK } from '../src/watch/mark-mask';

describe('collector: failed inotify watches', () => {
  let tmp: string;
  let kernel: KernelBackend;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-werr-'));
    kernel = KernelBackend.open({ report: 'fd', onFanotify: () => undefined, onInotify: () => undefined, onError: () => undefined });
  });

  afterEach(async () => {
    await kernel.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('are counted by code, logged once per window, and published as one gap per workload naming the directories', async () => {
    const warnings: string[] = [];
    const gaps: Array<{ scope: string; lost: number; containerId: string | null }> = [];
    const reporter = new WatchErrorReporter({ logger: { warn: (m) => warnings.push(m) }, gap: (scope, lost, containerId) => gaps.push({ scope, lost, containerId }), windowMs: 60_000 });
    type Owner = { readonly container: string; readonly path: string };
    const marks = new MarkTable<Owner>(kernel, (holder, error) => reporter.failed({ path: holder.owner.path, containerId: holder.owner.container, workload: holder.owner.container }, error));
    const holder = (container: string, p: string): MarkHolder<Owner> => ({ owner: { container, path: p }, kind: 'dir', mask: 0, inMask: INOTIFY_DIR_MASK, path: path.join(tmp, p), fallbackPaths: [] });

    fs.mkdirSync(path.join(tmp, 'kept'));
    expect(marks.hold('1:1', holder('c1', 'kept'))).toEqual({ ok: true });
    for (const [i, name] of ['gone-a', 'gone-b', 'gone-c'].entries()) expect(marks.hold(`1:${i + 2}`, holder('c1', name))).toEqual({ ok: true });
    marks.hold('1:9', holder('c2', 'gone-d'));
    expect(marks.watchCounts()).toEqual({ dirs: 1, files: 0 });

    expect(reporter.counters).toEqual({ byCode: { 'no-such-path': 4 }, suppressedLogs: 3 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^inotify watch of gone-a in c1 failed: .*ENOENT/);
    expect(gaps).toEqual([]);
    reporter.flush();
    expect(gaps).toEqual([
      { containerId: 'c1', lost: 3, scope: 'entries created, deleted or moved in gone-a, gone-b, gone-c of c1: their inotify watch failed (ENOENT)' },
      { containerId: 'c2', lost: 1, scope: 'entries created, deleted or moved in gone-d of c2: their inotify watch failed (ENOENT)' },
    ]);
  });
});
