import type { CollectorStatus, MonitorMessage } from '@fsmon/contracts';

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

/** A collector heartbeat with one container of group `web` and the host, having applied `appliedRevision`. */
export function collectorStatus(collectorId: string, appliedRevision: number, at = new Date()): CollectorStatus {
  return {
    collectorId,
    host: { id: `host-${collectorId}`, name: `node-${collectorId}` },
    version: '0.1.0',
    startedAt: new Date(at.getTime() - 60_000).toISOString(),
    at: at.toISOString(),
    appliedRevision,
    capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
    containers: [
      { container: { id: 'c0ffee000000111122223333', name: 'web-1', image: 'nginx:1.27', labels: {} }, rootPid: 4242, mode: 'Discover', groups: ['web'], permission: false },
      { container: null, rootPid: 1, mode: 'Monitor', groups: ['nodes'], permission: false },
    ],
    probe: { nFileEvents: 3, nGroups: 2, fan: { nRoots: 1, nMntRoots: 1, nDirMarks: 4, nRules: 2, nPaths: 7, nDirs: 3 }, ino: { nWds: 5, nPaths: 6, nDirs: 2 }, counters: { events: 3 } },
    drops: { 'kernel-overflow': 2 },
  };
}
