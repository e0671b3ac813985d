import { AggregateMessages, FileEvents } from '@fsmon/contracts';
import { ReportAggregator } from './report-aggregator';
import { DB, Driver, iso, proc, WEB } from '../test/aggregator.fixtures';

const bash = proc('bash', 200);
const MODIFIED = FileEvents.Modified.msg;
const REMOVED = FileEvents.Removed.msg;

describe(ReportAggregator.name, () => {
  describe('the first event with a process', () => {
    it('is reported at once with Count 1 and every field filled', () => {
      const d = new Driver();
      const [r, ...rest] = d.send({ t: 3, procs: [bash] });
      expect(rest).toEqual([]);
      expect(r).toMatchObject({
        kind: 'Container.FileAccess.Violation',
        host: { id: 'host-1', name: 'node-1' },
        container: WEB,
        id: 'c-web',
        path: '/etc/passwd',
        package: false,
        procName: 'bash',
        procPath: '/usr/bin/bash',
        procCmds: ['bash', '-x'],
        procPid: 200,
        procEUid: 0,
        procEUser: 'root',
        procPPid: 1,
        procPName: 'sh',
        procPPath: '/bin/sh',
        group: 'nv.web',
        msg: MODIFIED,
        count: 1,
        startAt: iso(3),
        action: 'violate',
        reportedAt: iso(3),
      });
      expect(r.reportId).toMatch(/^[0-9a-f]{32}$/);
      expect(d.engine.size()).toBe(1);
    });

    it('closes quietly when nothing followed it', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      expect(d.runUntil(60)).toEqual([]);
      expect(d.engine.size()).toBe(0);
      expect(d.engine.metrics()).toMatchObject({ reportsOut: 1, immediateReports: 1, closedQuiet: 1 });
    });
  });

  describe('accumulation', () => {
    it('counts later events once each and flushes them holdMs after the last, with the window start', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      for (const t of [5, 10, 15]) expect(d.send({ t, procs: [bash] })).toEqual([]);
      expect(d.tickAt(39)).toEqual([]);
      const [r, ...rest] = d.tickAt(40);
      expect(rest).toEqual([]);
      expect(r).toMatchObject({ count: 3, startAt: iso(0), path: '/etc/passwd', msg: MODIFIED, reportedAt: iso(40) });
      expect(d.engine.size()).toBe(0);
    });

    it('lets an event more than holdMs after the last one (in event time) start a new aggregate', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      const second = d.send({ t: 26, procs: [bash] });
      expect(second).toMatchObject([{ count: 1, startAt: iso(26) }]);
    });

    it('accumulates the same program under another pid (a loop of short-lived processes)', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [proc('cp', 300)] });
      for (let i = 1; i <= 4; i++) expect(d.send({ t: i, procs: [proc('cp', 300 + i)] })).toEqual([]);
      expect(d.runUntil(30)).toMatchObject([{ count: 4, procPid: 300, startAt: iso(0) }]);
    });
  });

  describe('one program on several paths', () => {
    it.each([
      {
        name: 'different changes merge into the combined text',
        events: [
          { path: '/etc/b', msg: REMOVED },
          { path: '/etc/a', msg: MODIFIED },
        ],
        path: '/etc/b, /etc/a',
        msg: AggregateMessages.FilesModified,
        count: 2,
      },
      {
        name: 'one kind of change keeps its own text',
        events: [
          { path: '/etc/b', msg: MODIFIED },
          { path: '/etc/c', msg: MODIFIED },
        ],
        path: '/etc/b, /etc/c',
        msg: MODIFIED,
        count: 2,
      },
      {
        name: 'a path is listed once however often it changes',
        events: [
          { path: '/etc/b', msg: MODIFIED },
          { path: '/etc/b', msg: MODIFIED },
          { path: '/etc/c', msg: REMOVED },
          { path: '/etc/b', msg: MODIFIED },
        ],
        path: '/etc/b, /etc/c',
        msg: AggregateMessages.FilesModified,
        count: 4,
      },
      {
        name: 'a path that is a substring of a listed one is still listed',
        events: [
          { path: '/etc/passwd-', msg: MODIFIED },
          { path: '/etc/pass', msg: MODIFIED },
          { path: '/etc/passwd', msg: MODIFIED },
        ],
        path: '/etc/passwd-, /etc/pass, /etc/passwd',
        msg: MODIFIED,
        count: 3,
      },
    ])('$name', ({ events, path, msg, count }) => {
      const d = new Driver();
      d.send({ t: 0, path: '/etc/a', procs: [bash] });
      events.forEach((e, i) => expect(d.send({ t: 1 + i, procs: [bash], ...e })).toEqual([]));
      expect(d.runUntil(60)).toMatchObject([{ path, msg, count, procPid: 200, startAt: iso(0) }]);
    });
  });

  describe('another program on the same key', () => {
    it('is reported as its own process and leaves the first aggregate intact', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      d.send({ t: 1, procs: [bash] });
      expect(d.send({ t: 2, procs: [proc('vi', 400)] })).toMatchObject([{ procName: 'vi', count: 1 }]);
      d.send({ t: 3, procs: [bash] });
      d.send({ t: 4, procs: [proc('vi', 400)] });
      const flushed = d.runUntil(60);
      expect(flushed).toHaveLength(2);
      expect(flushed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ procName: 'bash', count: 2, startAt: iso(0) }),
          expect.objectContaining({ procName: 'vi', count: 1, startAt: iso(2) }),
        ]),
      );
    });

    it('keeps separate aggregates per group and per action', () => {
      const d = new Driver();
      expect(d.send({ t: 0, procs: [bash], group: 'g1' })).toHaveLength(1);
      expect(d.send({ t: 1, procs: [bash], group: 'g2' })).toHaveLength(1);
      expect(d.send({ t: 2, procs: [bash], decision: 'denied' })).toMatchObject([{ action: 'deny' }]);
    });
  });

  describe('long-running streams', () => {
    it('are re-reported once the window is reReportMs old, then the rest at expiry', () => {
      const d = new Driver();
      const out = [];
      for (let t = 0; t <= 100; t += 5) {
        out.push(...d.tickAt(t));
        out.push(...d.send({ t, procs: [bash] }));
      }
      out.push(...d.runUntil(200));
      expect(out.map((r) => ({ count: r.count, startAt: r.startAt }))).toEqual([
        { count: 1, startAt: iso(0) },
        { count: 12, startAt: iso(0) },
        { count: 8, startAt: iso(65) },
      ]);
      expect(d.engine.metrics()).toMatchObject({ reReports: 1, immediateReports: 1 });
    });
  });

  describe('inotify-only events', () => {
    it('are held and flushed with Count 1 after expiry', () => {
      const d = new Driver();
      expect(d.send({ t: 0 })).toEqual([]);
      expect(d.tickAt(20)).toEqual([]);
      expect(d.tickAt(25)).toMatchObject([{ count: 1, procPid: 0, procName: '', procCmds: [], startAt: iso(0) }]);
    });

    it('count each inotify event on the key', () => {
      const d = new Driver();
      d.send({ t: 0 });
      d.send({ t: 6 });
      expect(d.runUntil(60)).toMatchObject([{ count: 2 }]);
    });

    it('are upgraded by a fanotify event on the same key and flushed quickly', () => {
      const d = new Driver({ upgradeHoldMs: 10_000 });
      d.send({ t: 0 });
      expect(d.send({ t: 3, procs: [bash] })).toEqual([]);
      expect(d.tickAt(12)).toEqual([]);
      expect(d.tickAt(13)).toMatchObject([{ count: 1, procName: 'bash', procPid: 200, startAt: iso(0) }]);
      expect(d.engine.metrics().upgrades).toBe(1);
    });

    it('move into the window of the program that the fanotify event names', () => {
      const d = new Driver();
      d.send({ t: 0, path: '/etc/a', procs: [bash] });
      d.send({ t: 1, path: '/etc/b' });
      d.send({ t: 2, path: '/etc/b', procs: [bash] });
      expect(d.runUntil(60)).toMatchObject([{ path: '/etc/b', count: 1, procName: 'bash' }]);
    });

    it('repeating a change fanotify already counted are not counted again', () => {
      const d = new Driver();
      d.send({ t: 0, procs: [bash] });
      d.send({ t: 1, path: '/etc/b', procs: [bash] });
      d.send({ t: 2 });
      d.send({ t: 3, path: '/etc/b' });
      expect(d.runUntil(60)).toMatchObject([{ path: '/etc/b', count: 1 }]);
      expect(d.engine.metrics().duplicatesAbsorbed).toBe(2);
    });
  });

  describe('identity fields', () => {
    it.each([
      { container: null, kind: 'Host.FileAccess.Violation', group: 'nodes', id: '' },
      { container: WEB, kind: 'Container.FileAccess.Violation', group: 'nv.web', id: 'c-web' },
    ])('$kind with group $group', ({ container, kind, group, id }) => {
      const d = new Driver();
      expect(d.send({ t: 0, procs: [bash], container })).toMatchObject([{ kind, group, id, container }]);
    });

    it.each([
      { decision: 'denied' as const, deny: false },
      { decision: 'none' as const, deny: true },
    ])('a denied access (decision $decision, proc.deny $deny) is reported as deny', ({ decision, deny }) => {
      const d = new Driver();
      const r = d.send({ t: 0, decision, procs: [proc('cat', 9, { deny })] });
      expect(r).toMatchObject([{ action: 'deny', msg: FileEvents.Denied.msg, package: false }]);
    });

    it('reports an event with several processes once per distinct process', () => {
      const d = new Driver();
      const r = d.send({ t: 0, procs: [bash, bash, proc('vi', 400), proc('bash', 201, { path: '/usr/bin/bash' })] });
      expect(r.map((x) => x.procPid)).toEqual([200, 400]);
      d.send({ t: 1, procs: [bash, proc('bash', 201)] });
      expect(d.runUntil(60)).toMatchObject([{ procName: 'bash', count: 1 }]);
    });

    it('keeps containers apart', () => {
      const d = new Driver();
      expect(d.send({ t: 0, procs: [bash] })).toHaveLength(1);
      expect(d.send({ t: 1, procs: [bash], container: DB })).toMatchObject([{ id: 'c-db', count: 1 }]);
    });
  });
});
