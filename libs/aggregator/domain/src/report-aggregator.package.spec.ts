import { AggregateMessages, FileEvents } from '@fsmon/contracts';
import { ReportAggregator } from './report-aggregator';
import { DB, Driver, iso, proc } from '../test/aggregator.fixtures';

const PACKAGES = AggregateMessages.PackagesUpdated;
const bash = proc('bash', 200);

describe(`${ReportAggregator.name} package updates`, () => {
  it.each([
    '/var/lib/dpkg/status',
    '/var/lib/dpkg/status.d/libc6',
    '/var/lib/rpm/Packages',
    '/var/lib/rpm/Packages.db',
    '/var/lib/rpm/rpmdb.sqlite',
    '/lib/apk/db/installed',
  ])('a change of %s opens one held package report', (path) => {
    const d = new Driver();
    expect(d.send({ t: 0, path, procs: [bash] })).toEqual([]);
    expect(d.runUntil(55)).toEqual([]);
    expect(d.tickAt(60)).toMatchObject([
      { kind: 'Container.Package.Updated', package: true, msg: PACKAGES, path, count: 1, startAt: iso(0), procName: 'bash' },
    ]);
  });

  it.each(['/var/lib/dpkg/status-old', '/var/lib/dpkg/status.d/a/b', '/var/lib/dpkg/statusx', '/lib/apk/db/installed.new'])(
    '%s is not a package database',
    (path) => {
      const d = new Driver();
      expect(d.send({ t: 0, path, procs: [bash] })).toMatchObject([{ package: false, kind: 'Container.FileAccess.Violation' }]);
    },
  );

  it.each([
    { name: 'dpkg', path: '/usr/bin/dpkg' },
    { name: 'apt', path: '/usr/bin/apt' },
    { name: 'yum', path: '/usr/bin/yum' },
    { name: 'dnf', path: '/usr/bin/dnf' },
    { name: 'rpm', path: '/usr/bin/rpm' },
    { name: 'apk', path: '/sbin/apk' },
    { name: 'zypper', path: '/usr/bin/zypper' },
    { name: 'python3', path: '/usr/bin/dnf' },
    { name: 'dpkg', path: '' },
  ])('a process $name ($path) makes its events a package update', ({ name, path }) => {
    const d = new Driver();
    const pm = proc(name, 500, { path });
    expect(d.send({ t: 0, path: '/usr/bin/tool', procs: [pm] })).toEqual([]);
    expect(d.runUntil(60)).toMatchObject([{ package: true, msg: PACKAGES, procName: name, procPid: 500 }]);
  });

  it('absorbs the container’s other events while the install runs and expires packageHoldMs after the last', () => {
    const d = new Driver();
    const dpkg = proc('dpkg', 500);
    d.send({ t: 0, path: '/usr/bin/tool', procs: [dpkg] });
    expect(d.send({ t: 2, path: '/etc/ld.so.cache', procs: [proc('ldconfig', 501)] })).toEqual([]);
    expect(d.send({ t: 4, path: '/etc/tool.conf' })).toEqual([]);
    expect(d.send({ t: 30, path: '/var/lib/dpkg/status', procs: [dpkg] })).toEqual([]);
    const other = d.send({ t: 31, procs: [bash], container: DB });
    expect(other).toMatchObject([{ id: 'c-db', package: false, count: 1 }]);
    expect(d.runUntil(85)).toEqual([]);
    expect(d.tickAt(90)).toMatchObject([
      {
        id: 'c-web',
        kind: 'Container.Package.Updated',
        msg: PACKAGES,
        path: '/usr/bin/tool, /etc/ld.so.cache, /etc/tool.conf, /var/lib/dpkg/status',
        count: 4,
        startAt: iso(0),
        procName: 'dpkg',
      },
    ]);
    expect(d.engine.metrics()).toMatchObject({ packageWindows: 1, immediateReports: 1 });
  });

  it('absorbs what the container’s live aggregates still hold when the install starts', () => {
    const d = new Driver();
    d.send({ t: 0, path: '/etc/a', procs: [bash] });
    d.send({ t: 1, path: '/etc/b', procs: [bash] });
    d.send({ t: 2, path: '/etc/c' });
    d.send({ t: 3, path: '/usr/bin/x', procs: [proc('apk', 600)] });
    expect(d.engine.size()).toBe(1);
    expect(d.runUntil(120)).toMatchObject([
      { package: true, path: '/usr/bin/x, /etc/b, /etc/c', count: 3, startAt: iso(0), procName: 'apk' },
    ]);
  });

  it('takes its process from the first event that has one when the database change came from inotify', () => {
    const d = new Driver();
    d.send({ t: 0, path: '/var/lib/rpm/rpmdb.sqlite' });
    d.send({ t: 1, path: '/usr/lib64/libfoo.so', procs: [proc('rpm', 700)] });
    expect(d.runUntil(120)).toMatchObject([{ procName: 'rpm', count: 2, msg: PACKAGES }]);
  });

  it('leaves denied accesses as their own reports', () => {
    const d = new Driver();
    d.send({ t: 0, path: '/var/lib/dpkg/status', procs: [proc('dpkg', 500)] });
    const denied = d.send({ t: 1, path: '/etc/shadow', decision: 'denied', procs: [bash] });
    expect(denied).toMatchObject([{ action: 'deny', msg: FileEvents.Denied.msg, package: false, count: 1 }]);
  });

  it('reports a host install as Host.Package.Updated in group nodes', () => {
    const d = new Driver();
    d.send({ t: 0, path: '/var/lib/dpkg/status', container: null, procs: [proc('dpkg', 500)] });
    expect(d.runUntil(70)).toMatchObject([{ kind: 'Host.Package.Updated', group: 'nodes', id: '', container: null }]);
  });

  it('re-reports an install that runs past packageMaxWindowMs', () => {
    const d = new Driver({ packageMaxWindowMs: 120_000 });
    const out = [];
    for (let t = 0; t <= 150; t += 10) out.push(...d.tickAt(t), ...d.send({ t, path: `/usr/lib/f${t}`, procs: [proc('dnf', 5)] }));
    out.push(...d.runUntil(300));
    expect(out.map((r) => [r.count, r.startAt])).toEqual([
      [12, iso(0)],
      [4, iso(120)],
    ]);
  });
});
