import type { ContainerRuntime } from '@fsmon/collector-domain';
import type { ContainerIdentity } from '@fsmon/contracts';

/** The host's root pid in every event and status (the seed's convention). */
export const HOST_ROOT_PID = 1;

/**
 * Something the collector watches: the host (group `nodes`) or one container. One instance per
 * lifetime: a container whose root process changes is a new workload (the old one is cleaned up).
 */
export interface Workload {
  /** Unique per lifetime: `host`, or `<mntns>:<root dev>:<root ino>@<rootPid>`. */
  readonly key: string;
  /** The process group it is: `host`, or `<mntns>:<root dev>:<root ino>` (see ProcScanner). */
  readonly group: string;
  readonly isHost: boolean;
  readonly rootPid: number;
  readonly rootStartTime: number;
  /** Mount namespace inode; 0 when unknown (the host when /proc/1 cannot be read). */
  readonly mntns: number;
  /** How this process reaches the workload's `/`: `<procDir>/<rootPid>/root`, or HOST_ROOT ('' for '/'). */
  readonly rootPath: string;
  /**
   * The workload's root as this process's readlink shows it: '/' for a pivot_root container (its
   * kernel-rendered paths are container-relative), the host path of a chroot ('/tmp/x/rootfs').
   */
  readonly rootLink: string;
  /** null for the host. */
  readonly identity: ContainerIdentity | null;
  readonly runtime: ContainerRuntime;
  /** Why the identity is incomplete (unreadable or partial runtime state), for logs. */
  readonly warnings: readonly string[];
}

/** `rootPath + containerPath`: the host path of a file inside the workload. */
export function hostPathOf(workload: Pick<Workload, 'rootPath'>, containerPath: string): string {
  return containerPath === '/' ? workload.rootPath || '/' : `${workload.rootPath}${containerPath}`;
}
