import { parseNamespaceLink, parseProcStat } from '@fsmon/collector-domain';
import { inodeKey, listPids, readLink, readText } from './proc-fs';

/** The processes of one would-be container: same mount namespace, same root directory. */
export interface ProcGroup {
  /** `<mntns>:<root dev>:<root ino>`. */
  readonly key: string;
  readonly mntns: number;
  /** pid → start time (clock ticks since boot). */
  readonly pids: Map<number, number>;
}

/** A pid seen in the host's mount namespace, or one that could not be read (kernel threads too). */
const HOST = 0;

export interface ScanCounters {
  scans: number;
  pids: number;
  /** Pids inspected for the first time (readlink ns/mnt, and for other namespaces stat root + read stat). */
  inspected: number;
}

/**
 * Incremental /proc scan. Each scan lists the pid directory and inspects only pids it has not seen:
 * one readlink of `ns/mnt`, and for a pid outside the host's mount namespace a stat of its root
 * and a read of its `stat` (start time). Gone pids are forgotten. Cost per scan: one readdir of
 * /proc plus about 3 syscalls per new process; nothing is read for processes already known.
 *
 * A process in another mount namespace whose root is the host's root is a host process (a
 * systemd-sandboxed service, an `unshare -m` shell, a runtime helper before its chroot): it is
 * re-inspected on every scan, because it may still enter its container root.
 */
export class ProcScanner {
  private readonly seen = new Map<number, string | typeof HOST>();
  private readonly hostLike = new Set<number>();
  private readonly groups = new Map<string, ProcGroup>();
  private readonly dirty = new Set<string>();
  readonly counters: ScanCounters = { scans: 0, pids: 0, inspected: 0 };

  constructor(
    private readonly procDir: string,
    private readonly hostMntns: number,
    private readonly hostRootKey: string | null,
  ) {}

  /** Updates the groups; returns the keys of groups that changed (members added or removed). */
  scan(): Set<string> {
    this.counters.scans += 1;
    const now = new Set(listPids(this.procDir));
    this.counters.pids = now.size;
    for (const [pid, key] of this.seen) {
      if (now.has(pid)) continue;
      this.seen.delete(pid);
      this.hostLike.delete(pid);
      if (key !== HOST) this.leave(key, pid);
    }
    for (const pid of now) {
      if (!this.seen.has(pid) || this.hostLike.has(pid)) this.inspect(pid);
    }
    const changed = new Set(this.dirty);
    this.dirty.clear();
    return changed;
  }

  /**
   * Checks that `pid` is still the process that started at `startTime` (a pid can be reused between
   * two scans); if not, forgets it so the next scan inspects it afresh. Returns whether it still is.
   */
  revalidate(pid: number, startTime: number): boolean {
    const stat = readText(`${this.procDir}/${pid}/stat`);
    const parsed = stat === null ? null : parseProcStat(stat);
    if (parsed?.ok === true && parsed.value.startTime === startTime) return true;
    const key = this.seen.get(pid);
    this.seen.delete(pid);
    this.hostLike.delete(pid);
    if (key !== undefined && key !== HOST) this.leave(key, pid);
    return false;
  }

  group(key: string): ProcGroup | undefined {
    return this.groups.get(key);
  }

  allGroups(): IterableIterator<ProcGroup> {
    return this.groups.values();
  }

  private inspect(pid: number): void {
    this.counters.inspected += 1;
    const base = `${this.procDir}/${pid}`;
    const link = readLink(`${base}/ns/mnt`);
    const ns = link === null ? null : parseNamespaceLink(link);
    if (ns === null || !ns.ok || ns.value === this.hostMntns) return this.remember(pid, HOST);
    const root = inodeKey(`${base}/root`);
    if (root === null) return this.remember(pid, HOST);
    if (root === this.hostRootKey) {
      this.hostLike.add(pid);
      return this.remember(pid, HOST);
    }
    const stat = readText(`${base}/stat`);
    const parsed = stat === null ? null : parseProcStat(stat);
    if (parsed === null || !parsed.ok) return this.remember(pid, HOST);
    this.hostLike.delete(pid);
    const key = `${ns.value}:${root}`;
    this.remember(pid, key);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, mntns: ns.value, pids: new Map() };
      this.groups.set(key, group);
    }
    group.pids.set(pid, parsed.value.startTime);
    this.dirty.add(key);
  }

  private remember(pid: number, key: string | typeof HOST): void {
    const previous = this.seen.get(pid);
    if (previous !== undefined && previous !== HOST && previous !== key) this.leave(previous, pid);
    this.seen.set(pid, key);
  }

  private leave(key: string, pid: number): void {
    const group = this.groups.get(key);
    if (group === undefined) return;
    group.pids.delete(pid);
    if (group.pids.size === 0) this.groups.delete(key);
    this.dirty.add(key);
  }
}

/** The group's oldest process (smallest start time, then pid): the container's root pid. */
export function oldestPid(group: ProcGroup): { pid: number; startTime: number } | null {
  let best: { pid: number; startTime: number } | null = null;
  for (const [pid, startTime] of group.pids) {
    if (best === null || startTime < best.startTime || (startTime === best.startTime && pid < best.pid)) best = { pid, startTime };
  }
  return best;
}
