// Valid contract values for tests, one builder per message kind. Each fills every field with a
// plain default; the caller's `over` replaces any of them (a field of `over` left undefined keeps
// its default, so `{ x: spec.x }` passes an optional spec field through), and a test names only
// what it is about.
import type { CollectorStatus, FileRawEvent, GapRawEvent, ProcInfo } from '@fsmon/contracts';

/**
 * A collector heartbeat: one container `web-1` (id `c-web-1`, group `web`, Discover) and the host
 * (group `nodes`), having applied `appliedRevision`, started a minute ago, no drops.
 */
export function collectorStatus(collectorId: string, appliedRevision: number, over: Partial<CollectorStatus> = {}): CollectorStatus {
  const now = Date.now();
  return {
    collectorId,
    host: { id: `host-${collectorId}`, name: `node-${collectorId}` },
    version: '0.1.0',
    startedAt: new Date(now - 60_000).toISOString(),
    at: new Date(now).toISOString(),
    appliedRevision,
    capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
    containers: [
      { container: { id: 'c-web-1', name: 'web-1', image: 'nginx:1.27', labels: {} }, rootPid: 4242, mode: 'Discover', groups: ['web'], permission: false },
      { container: null, rootPid: 1, mode: 'Monitor', groups: ['nodes'], permission: false },
    ],
    probe: { nFileEvents: 3, nGroups: 2, fan: { nRoots: 1, nMntRoots: 1, nDirMarks: 4, nRules: 2, nPaths: 7, nDirs: 3 }, ino: { nWds: 5, nPaths: 6, nDirs: 2 }, counters: { events: 3 } },
    drops: {},
    ...definedOnly(over),
  };
}

/** Process `name` (`/usr/bin/<name>`, run as root by `/bin/sh`) in the container whose root pid is 100. */
export function procInfo(name: string, pid: number, over: Partial<ProcInfo> = {}): ProcInfo {
  return {
    rootPid: 100,
    name,
    path: `/usr/bin/${name}`,
    cmds: [name],
    pid,
    euid: 0,
    euser: 'root',
    ppid: 1,
    pname: 'sh',
    ppath: '/bin/sh',
    deny: false,
    inProfile: false,
    ...definedOnly(over),
  };
}

/**
 * A classified `Modified` event on `/etc/passwd` as a collector sends it: container `c-web` (root
 * pid 100, group `nv.web`), seen now, no decision, no process. The source follows `procs`:
 * fanotify when a process is known, else inotify.
 */
export function fileRawEvent(over: Partial<FileRawEvent> = {}): FileRawEvent {
  const given = definedOnly(over);
  const procs = given.procs ?? [];
  return {
    type: 'file',
    id: 'col-1:1',
    at: new Date().toISOString(),
    source: procs.length > 0 ? 'fanotify' : 'inotify',
    container: { id: 'c-web', name: 'web', image: 'nginx', labels: {} },
    rootPid: 100,
    path: '/etc/passwd',
    kind: 'Modified',
    msg: 'File was modified.',
    mask: 2,
    filterKey: '/etc/.*',
    group: 'nv.web',
    protect: false,
    userAdded: false,
    decision: 'none',
    package: false,
    procs,
    stat: { exists: true, isDir: false, isSymlink: false, hash: '' },
    ...given,
  };
}

/** A fanotify queue overflow on `/`, seen now, with an unknown number of events lost. */
export function gapRawEvent(over: Partial<GapRawEvent> = {}): GapRawEvent {
  return { type: 'gap', id: 'col-1:1', at: new Date().toISOString(), reason: 'fanotify-overflow', scope: '/', ...definedOnly(over) };
}

/** `over` without its undefined fields. */
function definedOnly<T extends object>(over: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) as Partial<T>;
}
