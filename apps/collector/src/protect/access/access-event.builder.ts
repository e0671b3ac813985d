import fs from 'node:fs';
import { IN_ACCESS, eventText } from '@fsmon/collector-domain';
import { filterKey, type FileFilter, type FileRawEvent, type FileStat, type ProcInfo } from '@fsmon/contracts';
import { estimateGroup, isPackageDatabase, isPackageManager } from '@fsmon/rules';
import type { ProtectPolicy, ProtectWorkload } from '../protect.types';

export interface AccessEventInput {
  readonly id: string;
  /** Epoch ms of the first open merged into the event. */
  readonly at: number;
  readonly workload: ProtectWorkload;
  readonly policy: ProtectPolicy;
  /** Container-relative. */
  readonly path: string;
  /** The filter that decided. */
  readonly filter: FileFilter;
  readonly procs: readonly ProcInfo[];
}

/**
 * The raw event of opens the allow check refused on one path: kind Denied with "File access was
 * denied." when a process was blocked (`procs[].deny`), else Accessed (Monitor, or a held open the
 * verdict let through), decision 'denied' either way (fsmon-behaviour §2.6, §4.6). The group is
 * estimated preferring the block filter, as a denial should be (§8.15).
 */
export function buildAccessEvent(input: AccessEventInput): FileRawEvent {
  const { workload: w, policy, path, filter } = input;
  const blocked = input.procs.some((p) => p.deny);
  const kind = blocked ? 'Denied' : 'Accessed';
  return {
    type: 'file',
    id: input.id,
    at: new Date(input.at).toISOString(),
    source: 'fanotify',
    container: w.identity,
    rootPid: w.rootPid,
    path,
    kind,
    msg: eventText(kind, blocked),
    mask: IN_ACCESS,
    filterKey: filterKey(filter),
    group: estimateGroup({ containerFilters: policy.profile.all, path, denied: true, isHost: w.isHost, fallbackGroup: policy.groups[0] ?? '' }),
    protect: filter.behavior === 'block_access',
    userAdded: filter.customerAdd,
    decision: 'denied',
    package: isPackageDatabase(path) || input.procs.some((p) => isPackageManager(p.name, p.path)),
    procs: [...input.procs],
    stat: statOf(w.rootPath, path),
  };
}

function statOf(rootPath: string, path: string): FileStat {
  try {
    const st = fs.lstatSync(path === '/' ? rootPath || '/' : `${rootPath}${path}`);
    return { exists: true, isDir: st.isDirectory(), isSymlink: st.isSymbolicLink(), hash: '' };
  } catch {
    return { exists: false, isDir: false, isSymlink: false, hash: '' };
  }
}
