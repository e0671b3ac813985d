import type { ContainerIdentity, PolicyMode } from '@fsmon/contracts';
import type { MergedAccessRules, MergedProfile } from '@fsmon/rules';

/**
 * What the protect module needs of a watched workload: the fields of the watcher's `Workload`
 * (structurally the same, so C1 passes its own object).
 */
export interface ProtectWorkload {
  /** Unique per workload lifetime (`host`, or the watcher's container key). */
  readonly key: string;
  readonly isHost: boolean;
  readonly rootPid: number;
  /** Mount namespace inode (as in /proc/<pid>/ns/mnt). */
  readonly mntns: number;
  /** How this process reaches the workload's `/` (`<procDir>/<rootPid>/root`; '' for the host's '/'). */
  readonly rootPath: string;
  /** The workload's root as readlink shows it: '/' for a pivot_root container, the host path of a chroot. */
  readonly rootLink: string;
  /** null for the host. */
  readonly identity: ContainerIdentity | null;
}

/**
 * One watched workload and what the watcher expanded its filters to. Paths are container-relative
 * and absolute; recursive filters contribute every sub-directory found.
 */
export interface ProtectTarget {
  readonly workload: ProtectWorkload;
  /** false for platform/system containers: they are never blocked. */
  readonly capBlock: boolean;
  /** false when the storage driver rules permission events out (aufs). Default true. */
  readonly permissionCapable?: boolean;
  /** Directories whose children filters cover (the watcher's plan; other directories are ignored). */
  readonly dirs: readonly ProtectDir[];
  /** Files marked on their own: bind-mounted ones, which a mark on their directory never sees. */
  readonly files: readonly ProtectFile[];
}

/** A watched directory: its real path, and the paths filters see it under (symlinked aliases). */
export interface ProtectDir {
  readonly path: string;
  /** `path` first, then aliases (`/bin` for `/usr/bin`); default `[path]`. */
  readonly views?: readonly string[];
  /** `<dev>:<ino>` of the directory, when the watcher knows it (else it is stat'ed). */
  readonly inode?: string;
}

export interface ProtectFile {
  readonly path: string;
  readonly inode?: string;
}

/** The policy that applies to one target, as the policy store resolves it. */
export interface ProtectPolicy {
  /** The policy revision this resolution reflects. */
  readonly revision: number;
  readonly mode: PolicyMode;
  readonly groups: readonly string[];
  readonly profile: MergedProfile;
  /** undefined when the container has no access rule at all. */
  readonly accessRules: MergedAccessRules | undefined;
}

/** How opens on tracked filters are observed outside Protect. */
export type ObserveMode = 'hold' | 'notify';

/** A path to mark: a directory (its direct children) or a single file. Container-relative. */
export interface MarkPlan {
  readonly path: string;
  readonly kind: 'dir' | 'file';
  readonly inode?: string;
}
