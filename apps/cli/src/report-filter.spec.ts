import type { MonitorMessage } from '@fsmon/contracts';
import { matchesReport } from './report-filter';

const report: MonitorMessage = {
  reportId: 'r1',
  kind: 'Container.FileAccess.Violation',
  host: { id: 'h-1', name: 'node-1' },
  container: { id: 'f3c43196a55f8fbc04fc8069080382ac', name: 'demo', image: 'busybox:demo', labels: {} },
  id: 'f3c43196a55f8fbc04fc8069080382ac',
  path: '/etc/app.conf, /usr/bin/hello',
  package: false,
  procName: 'cat',
  procPath: '/usr/bin/busybox',
  procCmds: ['cat', '/etc/app.conf'],
  procPid: 42,
  procEUid: 0,
  procEUser: 'root',
  procPPid: 1,
  procPName: 'sh',
  procPPath: '/bin/sh',
  group: 'demo',
  msg: 'File access was denied.',
  count: 1,
  startAt: '2026-12-02T13:50:01.000Z',
  action: 'deny',
  reportedAt: '2026-12-02T13:50:01.500Z',
};

describe(matchesReport.name, () => {
  it('keeps everything without criteria', () => {
    expect(matchesReport(report, {})).toBe(true);
  });

  it('matches the host by name or id', () => {
    expect(matchesReport(report, { host: 'node-1' })).toBe(true);
    expect(matchesReport(report, { host: 'h-1' })).toBe(true);
    expect(matchesReport(report, { host: 'node-2' })).toBe(false);
  });

  it('matches a container by name or an id prefix of 6+ characters, and "host" for host reports', () => {
    expect(matchesReport(report, { container: 'demo' })).toBe(true);
    expect(matchesReport(report, { container: 'f3c431' })).toBe(true);
    expect(matchesReport(report, { container: 'f3c' })).toBe(false);
    expect(matchesReport(report, { container: 'host' })).toBe(false);
    expect(matchesReport({ ...report, container: null, id: '' }, { container: 'host' })).toBe(true);
  });

  it('matches any path of a merged report: exact, below a directory, or a * glob', () => {
    expect(matchesReport(report, { path: '/usr/bin/hello' })).toBe(true);
    expect(matchesReport(report, { path: '/usr/bin' })).toBe(true);
    expect(matchesReport(report, { path: '/usr/bi' })).toBe(false);
    expect(matchesReport(report, { path: '/etc/*.conf' })).toBe(true);
    expect(matchesReport(report, { path: '/etc/*.json' })).toBe(false);
  });

  it('matches a kind, a part of one, or deny', () => {
    expect(matchesReport(report, { kind: 'Container.FileAccess.Violation' })).toBe(true);
    expect(matchesReport(report, { kind: 'container' })).toBe(true);
    expect(matchesReport(report, { kind: 'Package' })).toBe(false);
    expect(matchesReport(report, { kind: 'deny' })).toBe(true);
    expect(matchesReport({ ...report, action: 'violate' }, { kind: 'deny' })).toBe(false);
  });

  it('needs every criterion to match', () => {
    expect(matchesReport(report, { container: 'demo', kind: 'Package' })).toBe(false);
  });
});
