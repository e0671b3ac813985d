import { FileRawEvent, ProcInfo, type HostIdentity, type MonitorMessage } from '@fsmon/contracts';
import { ManualClock, ReportAggregator } from '../src';

/**
 * Throughput and memory of the grouping engine on synthetic floods; prints figures, asserts only
 * that nothing is dropped. Run (the heap figure needs --expose-gc):
 *   node --expose-gc node_modules/.bin/jest -c libs/aggregator/domain/jest.config.js --testMatch '<rootDir>/bench/*.bench.ts'
 */
const HOST: HostIdentity = { id: 'h', name: 'h' };
const T0 = Date.parse('2025-01-01T00:00:00Z');
const bash = ProcInfo.parse({
  rootPid: 1,
  name: 'bash',
  path: '/usr/bin/bash',
  cmds: ['bash'],
  pid: 7,
  euid: 0,
  euser: 'root',
  ppid: 1,
  pname: 'init',
  ppath: '/sbin/init',
});

function event(i: number, path: string, container: string, procs: ProcInfo[], atMs: number): FileRawEvent {
  return {
    type: 'file',
    id: `c:${i}`,
    at: new Date(atMs).toISOString(),
    source: procs.length > 0 ? 'fanotify' : 'inotify',
    container: { id: container, name: container, image: '', labels: {} },
    rootPid: 1,
    path,
    kind: 'Modified',
    msg: 'File was modified.',
    mask: 2,
    filterKey: '/',
    group: 'g',
    protect: false,
    userAdded: false,
    decision: 'none',
    package: false,
    procs,
    stat: { exists: true, isDir: false, isSymlink: false, hash: '' },
  };
}

const scenarios: { name: string; make: (i: number) => { path: string; container: string; procs: ProcInfo[] } }[] = [
  { name: 'one container, inotify, distinct paths', make: (i) => ({ path: `/tmp/f${i}`, container: 'c1', procs: [] }) },
  { name: 'one process, distinct paths', make: (i) => ({ path: `/tmp/f${i}`, container: 'c1', procs: [bash] }) },
  {
    name: '500 containers, 20 paths each, mixed',
    make: (i) => ({ path: `/etc/f${i % 20}`, container: `c${i % 500}`, procs: i % 3 === 0 ? [] : [bash] }),
  },
];

describe('ReportAggregator throughput', () => {
  it.each(scenarios)('$name', ({ name, make }) => {
    const N = 200_000;
    const clock = new ManualClock(T0);
    const engine = new ReportAggregator({}, clock);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let reports = 0;
    let counted = 0;
    const take = (out: MonitorMessage[]) => {
      reports += out.length;
      counted += out.reduce((n, r) => n + r.count, 0);
    };
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const s = make(i);
      take(engine.accept(event(i, s.path, s.container, s.procs, T0 + i), HOST, { partition: 0, offset: String(i) }));
      if (i % 5000 === 0) {
        clock.advance(5000);
        take(engine.tick());
      }
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    gc?.();
    const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    const heap = gc === undefined ? 'heap n/a (no --expose-gc)' : `retained heap ${retainedMb.toFixed(1)} MB`;
    const live = engine.size();
    take(engine.flushAll());
    const m = engine.metrics();
    console.log(
      `${name}: ${Math.round(N / seconds).toLocaleString('en')} events/s, ${live} live aggregates, ` +
        `${heap}, ${reports} reports, ${m.earlyFlushes} early flushes, ${m.pathSplits} path splits`,
    );
    expect(counted + m.duplicatesAbsorbed + m.upgrades).toBe(N);
  });
});
