import { inodeKey } from '../containers/proc-fs';
import type { KernelBackend, MarkOutcome } from './kernel.backend';

/** One workload's interest in an inode: its directory or file entry. */
export interface MarkHolder<O> {
  readonly owner: O;
  readonly kind: 'dir' | 'file';
  /** fanotify bits this holder needs. */
  readonly mask: number;
  /** inotify bits this holder needs (0: none). */
  readonly inMask: number;
  /** How this holder reaches the inode (`/proc/<root>/root/...`). */
  readonly path: string;
  /** Other paths that may reach it once `path` no longer does (a chroot's host path), checked by inode first. */
  readonly fallbackPaths: readonly string[];
}

interface InodeMark<O> {
  kind: 'dir' | 'file';
  mask: number;
  inMask: number;
  wd: number | null;
  readonly holders: Set<MarkHolder<O>>;
}

/**
 * The kernel marks of every workload, one per inode: a mark's mask is the union of what its holders
 * need, so two workloads sharing a directory (a volume) never remove each other's mark, and a
 * mark goes only with its last holder. inotify watches are shared the same way.
 */
export class MarkTable<O> {
  private readonly byInode = new Map<string, InodeMark<O>>();
  private readonly byWd = new Map<number, string>();

  constructor(private readonly kernel: KernelBackend) {}

  /** Adds a holder; places or widens the mark (and watch). A failed mark is returned, the holder not kept. */
  hold(inode: string, holder: MarkHolder<O>): MarkOutcome {
    let entry = this.byInode.get(inode);
    const missing = holder.mask & ~(entry?.mask ?? 0);
    if (missing !== 0) {
      const placed = this.kernel.mark(holder.path, missing, holder.kind);
      if (!placed.ok) return placed;
    }
    entry ??= { kind: holder.kind, mask: 0, inMask: 0, wd: null, holders: new Set() };
    this.byInode.set(inode, entry);
    entry.mask |= holder.mask;
    entry.holders.add(holder);
    if ((holder.inMask & ~entry.inMask) !== 0) {
      const watched = this.kernel.watch(holder.path, entry.inMask | holder.inMask);
      if (watched.ok && watched.wd !== undefined) {
        entry.inMask |= holder.inMask;
        entry.wd = watched.wd;
        this.byWd.set(watched.wd, inode);
      }
    }
    return { ok: true };
  }

  /** Removes a holder; narrows or removes the mark. Unreachable inodes are left to the kernel (evicted with the inode). */
  release(inode: string, holder: MarkHolder<O>): void {
    const entry = this.byInode.get(inode);
    if (entry === undefined || !entry.holders.delete(holder)) return;
    let mask = 0;
    let inMask = 0;
    for (const h of entry.holders) {
      mask |= h.mask;
      inMask |= h.inMask;
    }
    const removed = entry.mask & ~mask;
    const path = this.reachable(inode, [holder, ...entry.holders]);
    if (removed !== 0 && path !== null) this.kernel.unmark(path, removed, entry.kind, entry.holders.size === 0);
    entry.mask = mask;
    if (entry.wd !== null && inMask === 0) {
      this.kernel.unwatch(entry.wd);
      this.byWd.delete(entry.wd);
      entry.wd = null;
    }
    entry.inMask = inMask;
    if (entry.holders.size === 0) this.byInode.delete(inode);
  }

  /** The holders of an inode (usually one). */
  holders(inode: string): ReadonlySet<MarkHolder<O>> | undefined {
    return this.byInode.get(inode)?.holders;
  }

  /** The inode an inotify descriptor watches. */
  inodeOfWd(wd: number): string | undefined {
    return this.byWd.get(wd);
  }

  /** inotify said the watch is gone (IN_IGNORED): forget the descriptor. */
  watchGone(wd: number): void {
    const inode = this.byWd.get(wd);
    this.byWd.delete(wd);
    const entry = inode === undefined ? undefined : this.byInode.get(inode);
    if (entry !== undefined && entry.wd === wd) entry.wd = null;
  }

  get marks(): number {
    return this.byInode.size;
  }

  get watches(): number {
    return this.byWd.size;
  }

  private reachable(inode: string, holders: Iterable<MarkHolder<O>>): string | null {
    for (const h of holders) {
      for (const p of [h.path, ...h.fallbackPaths]) if (inodeKey(p) === inode) return p;
    }
    return null;
  }
}
