import type { FsEventsError } from '@fsmon/fs-events';
import { inodeKey } from '../containers/proc-fs';
import type { KernelBackend, MarkOutcome, ReaderSource } from './kernel.backend';

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

  /**
   * `onWatchError`: an inotify watch could not be added (ENOSPC: fs.inotify.max_user_watches...);
   * the holder is kept (its fanotify mark works), entry events in it are not seen.
   */
  constructor(
    private readonly kernel: Pick<KernelBackend, 'mark' | 'unmark' | 'watch' | 'unwatch'>,
    private readonly onWatchError: (holder: MarkHolder<O>, error: FsEventsError) => void = () => undefined,
  ) {}

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
      } else if (!watched.ok) {
        this.onWatchError(holder, watched.error);
      }
    }
    return { ok: true };
  }

  /**
   * Places every mark (fanotify) or watch (inotify) again, in the new group or instance a reopen
   * made (KernelBackend.reopen): the old one had them all. Returns how many could not be placed
   * (their inode is unreachable now, or the kernel refused; watches are reported to onWatchError).
   */
  replaceAll(source: ReaderSource): { placed: number; failed: number } {
    let placed = 0;
    let failed = 0;
    if (source === 'inotify') this.byWd.clear();
    for (const [inode, entry] of this.byInode) {
      const wanted = source === 'fanotify' ? entry.mask : holdersInMask(entry.holders);
      if (source === 'inotify') {
        entry.wd = null;
        entry.inMask = 0;
      }
      if (wanted === 0) continue;
      const path = this.reachable(inode, entry.holders);
      if (path === null) {
        failed += 1;
        continue;
      }
      if (source === 'fanotify') {
        const outcome = this.kernel.mark(path, wanted, entry.kind);
        if (outcome.ok) placed += 1;
        else failed += 1;
        continue;
      }
      const watched = this.kernel.watch(path, wanted);
      if (watched.ok && watched.wd !== undefined) {
        entry.inMask = wanted;
        entry.wd = watched.wd;
        this.byWd.set(watched.wd, inode);
        placed += 1;
      } else {
        failed += 1;
        const holder = [...entry.holders][0];
        if (!watched.ok && holder !== undefined) this.onWatchError(holder, watched.error);
      }
    }
    return { placed, failed };
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

  /** inotify watches by what they watch (the probe's ino.nDirs and ino.nPaths). */
  watchCounts(): { dirs: number; files: number } {
    let dirs = 0;
    for (const inode of this.byWd.values()) if (this.byInode.get(inode)?.kind === 'dir') dirs += 1;
    return { dirs, files: this.byWd.size - dirs };
  }

  private reachable(inode: string, holders: Iterable<MarkHolder<O>>): string | null {
    for (const h of holders) {
      for (const p of [h.path, ...h.fallbackPaths]) if (inodeKey(p) === inode) return p;
    }
    return null;
  }
}

function holdersInMask<O>(holders: Iterable<MarkHolder<O>>): number {
  let mask = 0;
  for (const h of holders) mask |= h.inMask;
  return mask;
}
