// Real kernel: sources close everything they open, and batches can be consumed as an async iterator.
import fs from 'node:fs';
import { makeTmpDir, runProcess, waitFor } from '@fsmon/testing';
import { FAN, type FanotifyEvent, FanotifySource, IN, InotifySource, PermissionResponder } from '../src';

const openFds = (): string[] => fs.readdirSync('/proc/self/fd').sort();

describe('fs-events lifecycle', () => {
  it('closes every fd it opened, including event fds of every kind of event', async () => {
    const dir = makeTmpDir('fsmon-life-');
    const file = dir.file('f', 'x');
    const before = openFds();
    const fd = FanotifySource.open({ report: 'fd' }).mark({ path: dir.path, mask: FAN.OPEN | FAN.CLOSE, onChild: true });
    const fid = FanotifySource.open({ report: 'fid' }).mark({ path: dir.path, mask: FAN.OPEN | FAN.CLOSE, onChild: true });
    const inotify = InotifySource.open();
    inotify.watch(dir.path, IN.ALL_EVENTS);
    const perm = PermissionResponder.open({ report: 'all' }).mark({ path: dir.path, mask: FAN.OPEN_PERM | FAN.OPEN, onChild: true });
    const fdEvents: FanotifyEvent[] = [];
    fd.start((b) => fdEvents.push(...b));
    fid.start(() => undefined);
    inotify.start(() => undefined);
    await perm.ready();
    expect((await runProcess('sh', ['-c', 'for i in 1 2 3 4 5; do cat "$0"; done > /dev/null', file])).code).toBe(0);
    await waitFor(() => perm.counters().events >= 10 && fdEvents.length >= 5, 'events in every group');
    await Promise.all([fd.close(), fid.close(), inotify.close(), perm.close()]);
    expect(fd.counters().reader.fdsClosed).toBe(fd.counters().events);
    expect(perm.counters().fdsClosed).toBe(perm.counters().events);
    expect(perm.counters().nonPermissionEvents).toBeGreaterThan(0);
    expect(openFds()).toEqual(before);
    dir.remove();
  });

  it('delivers batches through an async iterator and ends it on close', async () => {
    const dir = makeTmpDir('fsmon-iter-');
    const file = dir.file('f', 'x');
    const source = FanotifySource.open({ report: 'fid' }).mark({ path: file, mask: FAN.OPEN }).start();
    await source.ready();
    expect((await runProcess('cat', [file])).code).toBe(0);
    const seen: FanotifyEvent[] = [];
    for await (const batch of source) {
      seen.push(...batch);
      if (seen.some((e) => e.kind === 'file' && e.path === file)) break;
    }
    await source.close();
    expect(seen[0]).toMatchObject({ kind: 'file', path: file, mask: FAN.OPEN });
    dir.remove();
  });
});
