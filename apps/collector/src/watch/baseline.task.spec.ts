import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_HASH } from '@fsmon/collector-domain';
import type { FileFilter } from '@fsmon/contracts';
import { NamesStat } from '@fsmon/fs-events';
import type { ModeFlags } from '@fsmon/rules';
import type { Workload } from '../containers/workload';
import type { ResolvedPolicy } from '../core/collector.ports';
import { BaselineTask } from './baseline.task';
import { ContentHasher, CTIME_SLACK_MS } from './content.hasher';
import { newBaseline, type WatchedDir } from './watch-state';
import { WorkloadWatch } from './workload.watch';

const FILTER: FileFilter = { filter: '/d/*', path: '/d', regex: '.*', recursive: false, customerAdd: false, behavior: 'monitor_change', dgroup: '' };
const expected = (content: string) => createHash('sha256').update(content).digest('hex').slice(0, CONTENT_HASH.hexLength);

describe(BaselineTask.name, () => {
  let root: string;
  let watch: WorkloadWatch;
  let dir: WatchedDir;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-baseline-'));
    fs.mkdirSync(path.join(root, 'd'));
    // Only rootPath is read here (hostPath); the policy and flags play no part in baselines.
    watch = new WorkloadWatch({ rootPath: root } as Workload, {} as ResolvedPolicy, {} as ModeFlags, Date.now());
    dir = { path: '/d', kind: 'watch', views: ['/d'], filters: [FILTER], recursive: false, inode: '', mask: 0, children: new Map(), uncovered: new Set(), wd: null };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const child = (name: string, content: string) => {
    fs.writeFileSync(path.join(root, 'd', name), content);
    const baseline = newBaseline(FILTER);
    dir.children.set(name, baseline);
    return baseline;
  };

  it('takes the baseline of a file last changed before its mark was placed', async () => {
    const old = child('old', 'a=1\n');
    const markedAt = fs.statSync(path.join(root, 'd', 'old')).ctimeMs + CTIME_SLACK_MS + 1;
    // As the collector builds it: the check after the read is a synchronous statx.
    const hasher = new ContentHasher(1 << 20, 2, new NamesStat());
    const task = new BaselineTask(hasher);
    await task.run(watch, [dir], [], markedAt);
    expect(old).toMatchObject({ hash: expected('a=1\n') });
    expect(old.sig).not.toBeNull();
    expect(task.baselined).toBe(1);
    expect(hasher.counters.unsettled).toBe(0);
  });

  // The CI failure this fixes: a write right after a re-plan placed the mark, hashed into the
  // baseline before its own event was classified, which then compared equal: "Accessed".
  it('takes none of a file written since its mark was placed, so that write still classifies as Modified', async () => {
    const markedAt = Date.now();
    const written = child('written', 'a=2\n');
    const hasher = new ContentHasher(1 << 20, 2);
    const task = new BaselineTask(hasher);
    await task.run(watch, [dir], [], markedAt);
    expect(written).toMatchObject({ hash: null, sig: null });
    expect(task.baselined).toBe(0);
    expect(hasher.counters.unsettled).toBe(1);
  });

  it.each([
    ['fstat through the thread pool', null],
    ['a synchronous statx (NamesStat)', new NamesStat()],
  ])('takes none of a file that changes while it is read (checked by %s)', async (_how, names) => {
    const file = path.join(root, 'd', 'big');
    const big = child('big', 'x'.repeat(32 << 20));
    const markedAt = fs.statSync(file).ctimeMs + CTIME_SLACK_MS + 1;
    const hasher = new ContentHasher(64 << 20, 1, names);
    const task = new BaselineTask(hasher);
    const running = task.run(watch, [dir], [], markedAt);
    // The hasher opens the file only after its lstat (and the ctime check): append once it is open.
    await untilOpen(file);
    fs.appendFileSync(file, 'y');
    await running;
    expect(big).toMatchObject({ hash: null, sig: null });
    expect(task.baselined).toBe(0);
    expect(hasher.counters.unsettled).toBe(1);
  });
});

/** Resolves once this process holds `file` open (bounded: 5 s). */
async function untilOpen(file: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      try {
        if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) return;
      } catch {
        // closed meanwhile
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`${file} was never opened`);
}
