import { eventText } from '@fsmon/collector-domain';
import { type FileEventKind, type FileRawEvent, filterKey, type GapRawEvent, type ProcInfo } from '@fsmon/contracts';
import { estimateGroup, isPackageDatabase, isPackageManager } from '@fsmon/rules';
import type { PasswdCache } from '../attribution/passwd.cache';
import type { ProcRecord } from '../attribution/proc-record';
import type { Observation } from '../watch/content.hasher';
import type { WorkloadWatch } from '../watch/workload.watch';
import type { Pending } from './pending.types';

const cut = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/**
 * Builds raw events: ids `<collectorId>:<seq>` (monotonic per collector run), ProcInfo with the
 * user name from the workload's own /etc/passwd, the group estimated from the workload's merged
 * filters, and the package flag (package database path, or a package manager among the processes).
 */
export class RawEventFactory {
  private seq = 0;

  constructor(
    private readonly collectorId: string,
    private readonly passwd: PasswdCache,
  ) {}

  file(pending: Pending, kind: FileEventKind, seen: Observation, linkTarget: string | undefined): FileRawEvent {
    const { watch, filter } = pending.context;
    const now = Date.now();
    const procs = pending.procs.map((p) => this.procInfo(watch, p, now));
    const policy = watch.policy;
    const denied = pending.decision === 'denied';
    const source = pending.sources.includes('fanotify') ? 'fanotify' : pending.sources[0];
    return {
      type: 'file',
      id: this.nextId(),
      at: new Date(pending.lastAt).toISOString(),
      source,
      container: watch.workload.identity,
      rootPid: watch.workload.rootPid,
      path: pending.path,
      kind,
      msg: eventText(kind, procs.some((p) => p.deny)),
      mask: pending.mask >>> 0,
      filterKey: filterKey(filter),
      group: estimateGroup({ containerFilters: policy.filters, path: pending.path, denied, isHost: watch.workload.isHost, fallbackGroup: policy.groups[0] ?? '' }),
      protect: filter.behavior === 'block_access',
      userAdded: filter.customerAdd,
      decision: pending.decision,
      package: isPackageDatabase(pending.path) || procs.some((p) => isPackageManager(p.name, p.path)),
      procs,
      stat: {
        exists: seen.exists,
        isDir: seen.isDir,
        isSymlink: seen.isSymlink,
        hash: seen.hash ?? '',
        ...(linkTarget === undefined ? {} : { linkTarget }),
      },
    };
  }

  gap(reason: GapRawEvent['reason'], scope: string, lost?: number): GapRawEvent {
    return { type: 'gap', id: this.nextId(), at: new Date().toISOString(), reason, scope: cut(scope, 4096), ...(lost === undefined ? {} : { lost }) };
  }

  private procInfo(watch: WorkloadWatch, p: ProcRecord, now: number): ProcInfo {
    return {
      rootPid: watch.workload.rootPid,
      name: cut(p.name, 256),
      path: cut(p.exe, 4096),
      cmds: p.cmds as string[],
      pid: p.pid,
      startTime: p.startTime,
      euid: p.euid,
      euser: cut(this.passwd.userName(watch.workload, p.euid, now), 256),
      ppid: p.ppid,
      pname: cut(p.pname, 256),
      ppath: cut(p.ppath, 4096),
      deny: false,
      inProfile: false,
    };
  }

  private nextId(): string {
    this.seq += 1;
    return `${this.collectorId}:${this.seq}`;
  }
}
