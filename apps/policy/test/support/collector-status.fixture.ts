import type { CollectorStatus } from '@fsmon/contracts';

/** A valid collector heartbeat: one container in group `web`, applied `revision`. */
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
      { container: { id: 'c-web-1', name: 'web-1', image: 'nginx:1.27', labels: {} }, rootPid: 4242, mode: 'Discover', groups: ['web'], permission: false },
      { container: null, rootPid: 1, mode: 'Monitor', groups: ['nodes'], permission: false },
    ],
    probe: { nFileEvents: 3, nGroups: 2, fan: { nRoots: 1, nMntRoots: 1, nDirMarks: 4, nRules: 2, nPaths: 7, nDirs: 3 }, ino: { nWds: 5, nPaths: 6, nDirs: 2 }, counters: { events: 3 } },
    drops: {},
  };
}
