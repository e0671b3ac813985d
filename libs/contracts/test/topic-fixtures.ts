import { Topics } from '../src/topics';
import type { SchemaTopic, TopicInput } from '../src/decode';

/**
 * Valid values of each schema topic, as producers send them: `full` carries every optional and
 * defaulted field, `minimal` leaves out everything a producer may leave out (so decoding must fill
 * zod's defaults, also inside nullable objects and union branches).
 */
export type TopicFixtures = { [T in SchemaTopic]: { full: TopicInput<T>; minimal: TopicInput<T>; [other: string]: TopicInput<T> } };

const host = { id: 'node-1', name: 'worker-1' };
const at = '2026-03-01T08:15:30.123Z';
const container = { id: '9a3f00e1c0ffee0001', name: 'shop-1', image: 'registry.local/shop/web:2.14.1', labels: { app: 'shop', tier: 'web' } };
const proc = {
  rootPid: 4000, name: 'nginx', path: '/usr/sbin/nginx', cmds: ['nginx', '-g', 'daemon off;'], pid: 4100, startTime: 900_123,
  euid: 33, euser: 'www-data', ppid: 4000, pname: 'sh', ppath: '/bin/sh', deny: false, inProfile: true,
};
/** One event of each type, for workloads built from them. */
export const fileEvent = {
  type: 'file' as const, id: 'c1:41', at, source: 'fanotify' as const, container, rootPid: 4000, path: '/var/www/html/index.php',
  kind: 'Modified' as const, msg: 'File was modified.', mask: 2, filterKey: '/var/www/.*', group: 'nv.shop-1.default',
  protect: false, userAdded: true, decision: 'denied' as const, package: false, procs: [proc, { ...proc, pid: 4101, deny: true }],
  stat: { exists: true, isDir: false, isSymlink: true, hash: 'abcdef0123456789', linkTarget: '/srv/index.php' },
};
export const gapEvent = { type: 'gap' as const, id: 'c1:42', at: '2026-03-01T10:15:30+02:00', reason: 'fanotify-overflow' as const, scope: '/', lost: 12 };
const filter = { filter: '/etc/*', path: '/etc', regex: '.*', recursive: true, customerAdd: false, behavior: 'monitor_change' as const, dgroup: 'nodes' };
const accessRule = { apps: ['/usr/bin/vi', 'cat'], behavior: 'block_access' as const, customerAdd: true, createdAt: at, updatedAt: at, failMode: 'closed' as const };

export const topicFixtures: TopicFixtures = {
  [Topics.RawEvents]: {
    full: { schema: 1, collectorId: 'c1', host, seq: 7, events: [fileEvent, { ...fileEvent, id: 'c1:43', container: null, procs: [] }, gapEvent] },
    minimal: {
      schema: 1, collectorId: 'c1', host, seq: 0,
      events: [
        { ...fileEvent, container: { id: 'mntns:4026532' }, procs: [{ rootPid: 1, name: '', path: '', cmds: [], pid: 0, euid: -1, euser: '', ppid: 0, pname: '', ppath: '' }], stat: { exists: false, isDir: false, isSymlink: false } },
        { type: 'gap', id: 'c1:44', at, reason: 'read-error', scope: '' },
      ],
    },
    /** Wire form 2 (what collectors write), its table entries with and without their defaults. */
    formTwo: {
      schema: 2, collectorId: 'c1', host, seq: 8,
      containers: [container, { id: 'mntns:4026532' }],
      procs: [proc, { rootPid: 1, name: '', path: '', cmds: [], pid: 0, euid: -1, euser: '', ppid: 0, pname: '', ppath: '' }],
      events: [
        { ...fileEvent, container: 0, procs: [0, 1] },
        { ...fileEvent, id: 'c1:45', container: 1, procs: [1] },
        { ...fileEvent, id: 'c1:46', container: null, procs: [] },
        gapEvent,
      ],
    },
  },
  [Topics.Reports]: {
    full: {
      reportId: 'r-1', kind: 'Container.FileAccess.Violation', host, container, id: container.id, path: '/etc/passwd,/etc/shadow', package: false,
      procName: 'cat', procPath: '/bin/cat', procCmds: ['cat', '/etc/passwd'], procPid: 10, procEUid: 0, procEUser: 'root', procPPid: 1,
      procPName: 'sh', procPPath: '/bin/sh', group: 'nv.shop-1.default', msg: 'File was modified.', count: 3, startAt: at, action: 'violate', reportedAt: at,
    },
    minimal: {
      reportId: 'r-2', kind: 'Host.Package.Updated', host, container: null, id: '', path: '/var/lib/dpkg/status', package: true,
      procName: '', procPath: '', procCmds: [], procPid: 0, procEUid: -1, procEUser: '', procPPid: 0, procPName: '', procPPath: '',
      group: 'nodes', msg: '', count: 1, startAt: at, action: 'deny', reportedAt: at,
    },
  },
  [Topics.Policy]: {
    full: {
      revision: 12, name: 'nv.shop-1.default', deleted: false,
      selector: { ids: ['abc'], names: ['shop-*'], images: ['registry.local/shop/web:*'], labels: { app: 'shop' } },
      profile: { group: 'nv.shop-1.default', mode: 'Protect', cfgType: 'learned', filters: [filter], filtersCRD: [{ ...filter, dgroup: '' }] },
      accessRule: { group: 'nv.shop-1.default', filters: { '/etc/.*': accessRule }, filtersCRD: { '/bin/.*': accessRule } },
      updatedAt: at,
    },
    minimal: {
      revision: 0, name: 'nodes', selector: {},
      profile: { group: 'nodes', mode: 'Discover', filters: [{ filter: '', path: '/', regex: '', recursive: false, customerAdd: false, behavior: 'monitor_change' }] },
      accessRule: { group: 'nodes', filters: { '/': { apps: [], behavior: 'monitor_change', customerAdd: false, createdAt: at, updatedAt: at } } },
      updatedAt: at,
    },
  },
  [Topics.LearnedRules]: {
    full: { collectorId: 'c1', host, batchId: 'b-7', rules: [{ group: 'g', filter: '/etc/passwd/', path: '/usr/bin/cat' }, { group: 'nodes', filter: '/bin/.*', path: '/bin/sh' }] },
    minimal: { collectorId: 'c', host: { id: 'h', name: '' }, batchId: 'b', rules: [{ group: 'g', filter: '/', path: '/' }] },
  },
  [Topics.CollectorStatus]: {
    full: {
      collectorId: 'c1', host, version: '0.1.0', startedAt: at, at, appliedRevision: 12,
      capabilities: { permissionEvents: true, fidReporting: true, notes: ['fanotify FID reporting available'] },
      containers: [{ container, rootPid: 4000, mode: 'Monitor', groups: ['nv.shop-1.default'], permission: true }, { container: null, rootPid: 1, mode: 'Protect', groups: ['nodes'], permission: false }],
      probe: {
        nFileEvents: 10, nGroups: 2, fan: { nRoots: 1, nMntRoots: 1, nDirMarks: 3, nRules: 4, nPaths: 5, nDirs: 6 }, ino: { nWds: 7, nPaths: 8, nDirs: 9 },
        counters: { events: 1234, drops: 0.5 },
      },
      drops: { 'spool-full': 3 },
    },
    minimal: {
      collectorId: 'c1', host, version: '', startedAt: at, at, appliedRevision: 0, capabilities: { permissionEvents: false, fidReporting: false },
      containers: [{ container: { id: 'x' }, rootPid: 2, mode: 'Discover', groups: [], permission: false }],
      probe: { nFileEvents: 0, nGroups: 0, fan: { nRoots: 0, nMntRoots: 0, nDirMarks: 0, nRules: 0, nPaths: 0, nDirs: 0 }, ino: { nWds: 0, nPaths: 0, nDirs: 0 } },
    },
  },
};
