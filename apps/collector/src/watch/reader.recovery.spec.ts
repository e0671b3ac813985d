import { FsEventsError } from '@fsmon/fs-events';
import { ReaderRecovery, type ReaderRecoveryDeps } from './reader.recovery';

// The reopen itself is the kernel's (test/reader-recovery.int-spec.ts stops a real reader); here a
// reopen that fails a given number of times drives the retry schedule.
describe(ReaderRecovery.name, () => {
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  let recovery: ReaderRecovery | null = null;
  afterEach(() => recovery?.dispose());

  function setup(failures: number, maxAttempts: number) {
    const calls = { reopen: 0, replace: 0, gaps: [] as string[], rescans: 0 };
    const errors: FsEventsError[] = [];
    const deps: ReaderRecoveryDeps = {
      reopen: () => {
        calls.reopen += 1;
        if (calls.reopen <= failures) throw new FsEventsError('limit-reached', 'fanotify_init: EMFILE', 'EMFILE');
      },
      replaceMarks: () => {
        calls.replace += 1;
        return { placed: 10, failed: 1 };
      },
      gap: (scope) => calls.gaps.push(scope),
      rescan: () => (calls.rescans += 1),
      errors,
      logger: quiet,
    };
    recovery = new ReaderRecovery(deps, { maxAttempts, initialDelayMs: 1, maxDelayMs: 4 });
    return { calls, errors, recovery };
  }

  const settled = (r: ReaderRecovery, source: 'fanotify' | 'inotify' = 'fanotify') => new Promise<void>((resolve) => {
    const poll = () => (r.recovering(source) ? setTimeout(poll, 2) : resolve());
    poll();
  });

  it('publishes one gap, retries a failing reopen with backoff, then places the marks again and rescans', async () => {
    const { calls, errors, recovery: r } = setup(2, 5);
    const error = new FsEventsError('failed', 'fanotify reader stopped: read failed (errno 24)');
    r.stopped('fanotify', error);
    r.stopped('fanotify', error); // a second report while the reopen is pending: counted only
    expect(errors).toEqual([error]);
    await settled(r);
    expect(calls).toEqual({ reopen: 3, replace: 1, gaps: ['every watched path of every workload: the fanotify reader stopped (fanotify reader stopped: read failed (errno 24))'], rescans: 1 });
    expect(r.counters).toEqual({ stopped: { fanotify: 2, inotify: 0 }, reopened: { fanotify: 1, inotify: 0 }, failedAttempts: 2, givenUp: 0, marksLost: 1 });
    expect(errors).toEqual([]);
  });

  it('gives up after the last attempt: /health stays down, what changed is rescanned once', async () => {
    const { calls, errors, recovery: r } = setup(Infinity, 3);
    r.stopped('inotify', new FsEventsError('failed', 'inotify reader stopped: worker died'));
    await settled(r, 'inotify');
    expect(calls.reopen).toBe(3);
    expect(calls.rescans).toBe(1);
    expect(r.counters).toMatchObject({ failedAttempts: 3, givenUp: 1, reopened: { inotify: 0 } });
    expect(errors).toHaveLength(1);
  });

  it('does nothing more once disposed (shutdown)', async () => {
    const { calls, recovery: r } = setup(0, 3);
    r.stopped('fanotify', new FsEventsError('failed', 'x'));
    r.dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.reopen).toBe(0);
    expect(r.recovering('fanotify')).toBe(false);
  });
});
