import { parseMountinfo } from '../containers/mountinfo.parser';
import { readText } from '../containers/proc-fs';
import type { Workload } from '../containers/workload';

/**
 * Whether a workload's opens can be held by fanotify permission events, besides the kernel probe
 * (fsmon-behaviour §2.3: "Protect, storage driver ≠ aufs, capBlock"): `capBlock` is the
 * orchestrator's platform-role verdict (platform/system containers are never blocked) and
 * `permissionCapable` is false on an aufs root, where permission events are unreliable.
 */
export interface BlockingCapability {
  readonly capBlock: boolean;
  readonly permissionCapable: boolean;
  /** File system type of the workload's root ('' when unreadable). */
  readonly rootFsType: string;
}

/** Storage drivers under which fanotify permission events do not work (the seed's aufs check). */
const NO_PERMISSION_FS = new Set(['aufs']);

export function permissionCapableFs(fsType: string): boolean {
  return !NO_PERMISSION_FS.has(fsType);
}

/** The root mount's file system type from a mountinfo text (the last mount on `/` wins: it is the visible one). */
export function rootFsTypeOf(mountinfo: string): string {
  let type = '';
  for (const m of parseMountinfo(mountinfo)) if (m.mountPoint === '/') type = m.fsType;
  return type;
}

/**
 * Reads a workload's blocking capability. The collector has no orchestrator role data (the seed
 * got capBlock from its platform-role check), so no container is classed as a platform one:
 * capBlock is true, and the kernel's and storage driver's limits decide (permissionSupported and
 * permissionCapable).
 */
export function blockingCapability(procDir: string, workload: Workload): BlockingCapability {
  const mountinfo = readText(`${procDir}/${workload.isHost ? 'self' : workload.rootPid}/mountinfo`) ?? '';
  const rootFsType = rootFsTypeOf(mountinfo);
  return { capBlock: true, permissionCapable: permissionCapableFs(rootFsType), rootFsType };
}
