// Real kernel, root: a kernel reader that stops is reopened, not left silent. The stop is real: in
// fd mode the kernel makes an fd for each event it hands out, and with this process's fd table full
// (RLIMIT_NOFILE lowered with prlimit, the remaining slots taken) read() fails with EMFILE. The
// reopen fails the same way until the slots are given back, then works (backoff, counted).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import { CollectorViews } from '../src/core/collector.views';
import { type Harness, startCollector, TestPolicy, until } from './support/collector.harness';
import { newContainerId, NsContainer } from './support/ns-container';
import { buildRootfs } from './support/rootfs.builder';

/** Fills this process's fd table: the soft RLIMIT_NOFILE a little above what is open, the rest taken. Returns the undo. */
function exhaustFds(): () => void {
  const [soft, hard] = fs.readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)\s+(\d+)/m)?.slice(1) ?? [];
  const inUse = fs.readdirSync('/proc/self/fd').length;
  execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${inUse + 32}:${hard}`], { timeout: 5000 });
  const taken: number[] = [];
  try {
    for (;;) taken.push(fs.openSync('/dev/null', 'r'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EMFILE') throw e;
  }
  return () => {
    for (const fd of taken) fs.closeSync(fd);
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${soft}:${hard}`], { timeout: 5000 });
  };
}

describe('collector: a kernel reader that stops', () => {
  let tmp: string;
  let container: NsContainer | undefined;
  let harness: Harness | undefined;
  let undo: (() => void) | null = null;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-reader-'));
  });

  afterEach(async () => {
    undo?.();
    undo = null;
    await harness?.stop();
    await container?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes a read-error gap, reopens the source, places its marks again, rescans, and reads again', async () => {
    container = await NsContainer.start({ rootfs: buildRootfs(path.join(tmp, 'rootfs')), id: newContainerId() });
    harness = await startCollector({
      only: [container.id as string],
      policy: new TestPolicy({ revision: 1, mode: 'Monitor', groups: ['g'], filters: DEFAULT_FILTERS }),
      // The first reopen comes well after the fd table is given back (backoff and give-up: reader.recovery.spec).
      env: { FANOTIFY_REPORT: 'fd', READER_RETRY_INITIAL_MS: '500' },
    });
    const { discovery, recovery, passCounters } = harness.pipeline.parts;
    await harness.watched(container.rootPid);
    // Discovery reads /proc: not while the fd table is full (a container would look gone).
    discovery.stop();
    const rescans = passCounters.rescans;
    // The write comes from a process started before the fd table is filled, on a word through a
    // FIFO whose fd is open already: nothing here needs a new fd to make the event happen.
    const fifo = path.join(container.rootfs, 'tmp/go');
    execFileSync('mkfifo', [fifo], { timeout: 5000 });
    const go = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    // It waits for a second word before it exits: its exit would free this process's fds of it.
    const writer = container.exec("exec 3< /tmp/go; read x <&3; echo 'zed:x:9:9::/:/bin/sh' >> /etc/passwd; read y <&3; echo done");

    undo = exhaustFds();
    fs.writeSync(go, 'go\n');
    await until(() => recovery.counters.stopped.fanotify >= 1, 8000, () => 'the fanotify reader to stop');
    undo();
    undo = null;
    fs.writeSync(go, 'end\n');
    await writer;
    fs.closeSync(go);
    // Usually the read fails (EMFILE: no fd for the event); a reader thread that needed an fd for
    // itself meanwhile (loading a module) dies instead, which is a stop all the same.
    const stopped = /fanotify reader stopped: (read failed \(errno 24\)|worker died: .*EMFILE)/;
    expect(harness.pipeline.degraded.map((e) => e.message).join('\n')).toMatch(stopped);
    expect(recovery.recovering('fanotify')).toBe(true);

    const recovered = () => !recovery.recovering('fanotify') && !recovery.recovering('inotify') && recovery.counters.reopened.fanotify >= 1;
    await until(recovered, 8000, () => `the sources to be reopened: ${JSON.stringify(recovery.counters)}`);
    expect(harness.pipeline.degraded).toEqual([]);
    const gaps = harness.sink.gaps();
    expect(gaps.length).toBe(recovery.counters.stopped.fanotify + recovery.counters.stopped.inotify);
    expect(gaps.every((g) => g.reason === 'read-error')).toBe(true);
    expect(gaps.map((g) => g.scope).join('\n')).toMatch(stopped);
    // The write made while fanotify was not read is reported (in fd mode inotify may have seen it too), and a rescan ran after the reopen.
    await harness.sink.waitFile((e) => e.path === '/etc/passwd' && e.kind === 'Modified', 'the write made while nothing was read');
    await until(() => passCounters.rescans > rescans, 8000, () => 'the rescan after the reopen');

    const seen = new Set(harness.sink.files());
    await container.exec('echo "amy:x:10:10::/:/bin/sh" >> /etc/passwd; sleep 0.3; echo done');
    // Only fanotify names the process: the reopened group reads (in fd mode inotify may report the
    // write first, in another window, and fanotify's event then classifies as Accessed).
    const live = await harness.sink.waitFile((e) => !seen.has(e) && e.path === '/etc/passwd' && e.source === 'fanotify', 'a live fanotify event after the reopen');
    expect(live.procs.map((p) => p.name)).toContain('sh');
    const probe = new CollectorViews(harness.pipeline).probe();
    expect(probe.counters['reader.stopped.fanotify']).toBe(recovery.counters.reopened.fanotify);
    expect(probe.counters['reader.givenUp']).toBe(0);
    expect(probe.counters['gaps.read-error']).toBe(gaps.length);
  }, 60_000);
});
