import type { MonitorMessage } from '@fsmon/contracts';
import { RecentReports, type ReportFilter } from './recent-reports';

function report(n: number, extra: Partial<MonitorMessage> = {}): MonitorMessage {
  return {
    reportId: `r${n}`,
    kind: 'Container.FileAccess.Violation',
    host: { id: 'h1', name: 'node-1' },
    container: { id: 'c-web', name: 'web', image: 'nginx', labels: {} },
    id: 'c-web',
    path: `/etc/f${n}`,
    startAt: '2025-01-01T10:00:00.000Z',
    reportedAt: '2025-01-01T10:00:30.000Z',
    ...extra,
  } as MonitorMessage;
}

const HOST_REPORT = report(10, { kind: 'Host.FileAccess.Violation', container: null, id: '', host: { id: 'h2', name: 'node-2' }, path: '/etc/hosts, /etc/passwd' });
const LATE = report(11, { startAt: '2025-01-01T11:00:00.000Z', reportedAt: '2025-01-01T11:00:05.000Z' });
const at = (iso: string) => Date.parse(iso);

describe(RecentReports.name, () => {
  it('keeps the last `capacity` reports, newest first', () => {
    const sut = new RecentReports(3);
    sut.add([1, 2, 3, 4].map((n) => report(n)));
    expect(sut.size).toBe(3);
    expect(sut.query({ limit: 10 }).map((r) => r.reportId)).toEqual(['r4', 'r3', 'r2']);
    expect(sut.query({ limit: 2 }).map((r) => r.reportId)).toEqual(['r4', 'r3']);
  });

  it.each<[string, Omit<ReportFilter, 'limit'>, string[]]>([
    ['host id', { host: 'h2' }, ['r10']],
    ['host name', { host: 'node-1' }, ['r11', 'r1']],
    ['container id', { container: 'c-web' }, ['r11', 'r1']],
    ['container name', { container: 'web' }, ['r11', 'r1']],
    ['the host itself', { container: 'host' }, ['r10']],
    ['path substring', { path: 'passwd' }, ['r10']],
    ['kind', { kind: 'Host.FileAccess.Violation' }, ['r10']],
    ['window ending after since', { sinceMs: at('2025-01-01T10:30:00Z') }, ['r11']],
    ['window starting before until', { untilMs: at('2025-01-01T10:30:00Z') }, ['r10', 'r1']],
    ['overlap with [since, until]', { sinceMs: at('2025-01-01T10:00:10Z'), untilMs: at('2025-01-01T10:00:20Z') }, ['r10', 'r1']],
    ['all together', { host: 'h1', path: '/etc/f', kind: 'Container.FileAccess.Violation', sinceMs: at('2025-01-01T11:00:00Z') }, ['r11']],
    ['nothing matching', { container: 'db' }, []],
  ])('filters by %s', (_, filter, ids) => {
    const sut = new RecentReports(10);
    sut.add([report(1), HOST_REPORT, LATE]);
    expect(sut.query({ ...filter, limit: 10 }).map((r) => r.reportId)).toEqual(ids);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new RecentReports(0)).toThrow(RangeError);
  });
});
