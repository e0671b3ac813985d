import type { MonitorMessage } from '@fsmon/contracts';

/** A report as the aggregator publishes it; `over` replaces any field. */
export function report(over: Partial<MonitorMessage> = {}): MonitorMessage {
  const at = new Date().toISOString();
  return {
    reportId: `r-${Math.random().toString(16).slice(2, 10)}`,
    kind: 'Container.FileAccess.Violation',
    host: { id: 'host-cli', name: 'node-cli' },
    container: { id: 'c0ffee000000111122223333', name: 'web-1', image: 'nginx:1.27', labels: {} },
    id: 'c0ffee000000111122223333',
    path: '/etc/passwd',
    package: false,
    procName: 'vi',
    procPath: '/usr/bin/vi',
    procCmds: ['vi', '/etc/passwd'],
    procPid: 4242,
    procEUid: 0,
    procEUser: 'root',
    procPPid: 1,
    procPName: 'bash',
    procPPath: '/bin/bash',
    group: 'web',
    msg: 'File was modified',
    count: 1,
    startAt: at,
    action: 'violate',
    reportedAt: at,
    ...over,
  };
}
