import type { FileFilter } from '@fsmon/contracts';
import { filterCovers, modeFlags, type FailMode, type ModeFlags } from '@fsmon/rules';
import type { MarkPlan, ObserveMode, ProtectPolicy, ProtectTarget } from '../protect.types';
import { dirEntries } from './dir-entries';
import { kernelRootOf, toKernelPath } from './kernel-path';
import { ruleId, type PermissionEntry } from './permission-entry';
import { ruleShape } from './rule-shape';

export interface CompileInput {
  readonly target: ProtectTarget;
  readonly policy: ProtectPolicy;
  /** The kernel takes permission marks (probed once at start). */
  readonly permissionSupported: boolean;
  readonly observe: ObserveMode;
  /** The stall watchdog took permission marks away: everything is observed by notification. */
  readonly suspended: boolean;
  readonly askUnauthorized: boolean;
  readonly defaultFailMode: FailMode;
}

/** Everything one target needs from the kernel side. Marks are container-relative. */
export interface CompiledProtection {
  readonly flags: ModeFlags;
  /** Opens on the tracked filters are held and decided by the permission worker. */
  readonly held: boolean;
  readonly entries: readonly PermissionEntry[];
  /** What the tracked filters cover: directories (their children) and own-marked files. */
  readonly marks: readonly MarkPlan[];
  /** `marks` when held (FAN_OPEN_PERM on the permission group), else none: the watcher observes them with FAN_OPEN. */
  readonly permissionMarks: readonly MarkPlan[];
}

/**
 * Compiles one target's policy into permission-table entries and mark sets (§1.3, §2.3, §2.5):
 * - Protect with permission support (not the host, not a system container): block filters get
 *   permission marks; their entries refuse apps not allowed (fail verdict per filter).
 * - Monitor (block filters) and Discover (customer-added filters): with `observe: 'hold'` the same
 *   marks, but entries never refuse: the worker reads the opener's exe while it waits, so even a
 *   short-lived `cat` is attributed; with 'notify' (and for the host, system containers, kernels
 *   without permission events, or while suspended) FAN_OPEN marks instead.
 * The watched directories whose children a tracked filter covers are marked (the entry path is the
 * real one, filters are matched against every view); files the watcher marks on their own (bind
 * mounts) get a file mark when a tracked filter covers them.
 */
export function compileProtection(input: CompileInput): CompiledProtection {
  const { target, policy } = input;
  const w = target.workload;
  const kernelRoot = kernelRootOf(w.rootLink);
  const permissionSupported = input.permissionSupported && target.permissionCapable !== false;
  const flags = modeFlags({ mode: policy.mode, isHost: w.isHost, capBlock: target.capBlock, permissionSupported });
  const tracked = trackedFilters(flags, policy);
  const mayHold = permissionSupported && !w.isHost && target.capBlock && !input.suspended;
  const held = mayHold && (flags.permission || input.observe === 'hold');
  const blocking = held && flags.permission;
  const shapeOf = (f: FileFilter) =>
    ruleShape(f, {
      accessRules: policy.accessRules,
      blocking,
      learning: flags.learning,
      ask: input.askUnauthorized,
      defaultFailMode: input.defaultFailMode,
      kernelRoot,
    });
  const entries: PermissionEntry[] = [];
  const marks: MarkPlan[] = [];
  for (const dir of tracked.length === 0 ? [] : target.dirs) {
    const dirs = dirEntries(dir.views ?? [dir.path], tracked, shapeOf);
    if (dirs.length === 0) continue;
    marks.push({ path: dir.path, kind: 'dir', ...(dir.inode === undefined ? {} : { inode: dir.inode }) });
    for (const e of dirs) {
      entries.push({ id: ruleId(w.key, e.filterKey), mntns: w.mntns, path: toKernelPath(kernelRoot, dir.path), match: 'children', name: e.name, ...e.shape });
    }
  }
  for (const file of tracked.length === 0 ? [] : target.files) {
    if (tracked.some((f) => filterCovers(f, file.path))) marks.push({ path: file.path, kind: 'file', ...(file.inode === undefined ? {} : { inode: file.inode }) });
  }
  if (blocking) entries.push(...exeLessFallback(entries));
  return {
    flags,
    held,
    entries: held ? entries : [],
    marks,
    permissionMarks: held ? marks : [],
  };
}

/** Filters whose opens matter: block filters (Monitor, Protect), customer-added ones (Discover learning). */
function trackedFilters(flags: ModeFlags, policy: ProtectPolicy): FileFilter[] {
  if (flags.learning) return policy.profile.filters.filter((f) => f.customerAdd);
  return policy.profile.all.filter((f) => f.behavior === 'block_access');
}

/**
 * A process whose thread-group leader has exited (a thread of it still runs) has neither a readable
 * mount namespace nor a readable exe, so the worker finds no entry of the workload's namespace for
 * it, and its open would be allowed whatever the filter's fail mode. For fail-closed entries a copy
 * for every namespace closes that hole: it allows every process whose exe is readable (the host
 * reading the same inode included) and answers the rest with the fail verdict, deny.
 */
function exeLessFallback(entries: readonly PermissionEntry[]): PermissionEntry[] {
  return entries.filter((e) => e.fail === 'deny' && e.otherwise !== 'allow').map((e) => ({ ...e, mntns: '*', allow: [], otherwise: 'allow' }));
}
