import type { ContainerIdentity, FileRawEvent, GapRawEvent, HostIdentity, ProcInfo, RawEventBatch } from '@fsmon/contracts';

export const HOST: HostIdentity = { id: 'host-1', name: 'node-1' };
export const WEB: ContainerIdentity = { id: 'c-web', name: 'web', image: 'nginx:1.27', labels: { app: 'web' } };
export const DB: ContainerIdentity = { id: 'c-db', name: 'db', image: 'postgres:16', labels: {} };

export function proc(name: string, pid: number, extra: Partial<ProcInfo> = {}): ProcInfo {
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
    ...extra,
  };
}

export interface FileEventSpec {
  id: string;
  path: string;
  container?: ContainerIdentity | null;
  procs?: ProcInfo[];
  at?: Date;
  decision?: FileRawEvent['decision'];
  group?: string;
}

/** A classified `Modified` event as a collector sends it. */
export function fileEvent(spec: FileEventSpec): FileRawEvent {
  const procs = spec.procs ?? [];
  return {
    type: 'file',
    id: spec.id,
    at: (spec.at ?? new Date()).toISOString(),
    source: procs.length > 0 ? 'fanotify' : 'inotify',
    container: spec.container === undefined ? WEB : spec.container,
    rootPid: 100,
    path: spec.path,
    kind: 'Modified',
    msg: 'File was modified.',
    mask: 2,
    filterKey: '/etc/.*',
    group: spec.group ?? 'nv.web',
    protect: false,
    userAdded: false,
    decision: spec.decision ?? 'none',
    package: false,
    procs,
    stat: { exists: true, isDir: false, isSymlink: false, hash: '' },
  };
}

export function gapEvent(id: string, lost: number): GapRawEvent {
  return { type: 'gap', id, at: new Date().toISOString(), reason: 'fanotify-overflow', scope: '/', lost };
}

export function batch(seq: number, events: RawEventBatch['events'], host: HostIdentity = HOST): RawEventBatch {
  return { schema: 1, collectorId: 'col-1', host, seq, events };
}

/** The raw-events key of a batch: `<hostId>/<containerId|host>` of its first event. */
export function batchKey(b: RawEventBatch): string {
  const first = b.events[0];
  const container = first.type === 'file' ? (first.container?.id ?? 'host') : 'host';
  return `${b.host.id}/${container}`;
}
