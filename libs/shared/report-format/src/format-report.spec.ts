import type { MonitorMessage } from '@fsmon/contracts';
import { formatReport } from './format-report';

const base: MonitorMessage = {
  reportId: 'r1',
  kind: 'Container.FileAccess.Violation',
  host: { id: 'h1', name: 'node-1' },
  container: { id: 'a'.repeat(64), name: 'web', image: 'nginx', labels: {} },
  id: 'a'.repeat(64),
  path: '/etc/passwd',
  package: false,
  procName: 'cat',
  procPath: '/bin/cat',
  procCmds: ['cat', '/etc/passwd'],
  procPid: 42,
  procEUid: 1000,
  procEUser: 'alice',
  procPPid: 1,
  procPName: 'sh',
  procPPath: '/bin/sh',
  group: 'web',
  msg: 'File was modified.',
  count: 1,
  startAt: '2026-11-25T10:00:00.000Z',
  action: 'violate',
  reportedAt: '2026-11-25T10:00:04.123Z',
};

describe(formatReport.name, () => {
  it('names time, container, path, event, process, user and group', () => {
    expect(formatReport(base)).toBe('2026-11-25 10:00:04  container web  /etc/passwd  File was modified.  by cat[42] /bin/cat user alice  [web]');
  });

  it('marks denials and shows counts with their start', () => {
    const line = formatReport({ ...base, action: 'deny', msg: 'File access was denied.', count: 3 });
    expect(line).toMatch(/^2026-11-25 10:00:04 {2}DENIED container web .* ×3 since 2026-11-25 10:00:00 {2}\[web\]$/);
  });

  it('says when no process is known and names the host', () => {
    const line = formatReport({ ...base, container: null, id: '', procPid: 0, procName: '', procPath: '', group: 'nodes' });
    expect(line).toContain('host node-1  /etc/passwd');
    expect(line).toContain('by an unidentified process');
  });
});
