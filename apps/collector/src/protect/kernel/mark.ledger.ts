import fs from 'node:fs';

/** A mark as the kernel side needs it: where this process reaches the object, and what it is. */
export interface HostMark {
  readonly hostPath: string;
  readonly kind: 'dir' | 'file';
  /** `<dev>:<ino>`; stat'ed from `hostPath` when absent. */
  readonly inode?: string;
}

/** Places and removes one kind of mark; throws on failure (the ledger counts and reports it). */
export interface MarkBackend {
  mark(hostPath: string, kind: 'dir' | 'file'): void;
  unmark(hostPath: string, kind: 'dir' | 'file'): void;
}

export interface LedgerCounters {
  marked: number;
  unmarked: number;
  markErrors: number;
  /** Unmarks that failed (the object moved or is gone): the kernel drops the mark with the inode. */
  staleUnmarks: number;
}

interface Placed {
  readonly hostPath: string;
  readonly kind: 'dir' | 'file';
  readonly owners: Set<string>;
}

/**
 * The marks of one fanotify group, reference-counted per inode: two workloads that share an inode
 * (a shared volume) share its mark, and it goes only when neither wants it. Changes are split so
 * a caller can add every new mark before it removes any old one (no unwatched window).
 */
export class MarkLedger {
  private readonly byInode = new Map<string, Placed>();
  private readonly byOwner = new Map<string, Map<string, string>>();
  readonly counters: LedgerCounters = { marked: 0, unmarked: 0, markErrors: 0, staleUnmarks: 0 };

  constructor(
    private readonly backend: MarkBackend,
    private readonly onError: (what: string, error: Error) => void,
  ) {}

  /** Marks what `owner` wants and does not hold yet; nothing is removed. */
  add(owner: string, wanted: readonly HostMark[]): void {
    const held = this.owned(owner);
    for (const m of wanted) {
      const key = `${m.kind}:${m.hostPath}`;
      if (held.has(key)) continue;
      const inode = m.inode ?? inodeOf(m.hostPath);
      if (inode === null) {
        this.counters.markErrors++;
        continue;
      }
      const placed = this.byInode.get(inode);
      if (placed === undefined) {
        try {
          this.backend.mark(m.hostPath, m.kind);
        } catch (e) {
          this.counters.markErrors++;
          this.onError(`mark ${m.hostPath}`, e as Error);
          continue;
        }
        this.counters.marked++;
        this.byInode.set(inode, { hostPath: m.hostPath, kind: m.kind, owners: new Set([owner]) });
      } else {
        placed.owners.add(owner);
      }
      held.set(key, inode);
    }
  }

  /** Releases what `owner` holds but no longer wants; an inode's mark goes with its last owner. */
  prune(owner: string, wanted: readonly HostMark[]): void {
    const held = this.byOwner.get(owner);
    if (held === undefined) return;
    const keep = new Set(wanted.map((m) => `${m.kind}:${m.hostPath}`));
    for (const [key, inode] of held) {
      if (keep.has(key)) continue;
      held.delete(key);
      this.release(owner, inode);
    }
    if (held.size === 0) this.byOwner.delete(owner);
  }

  /** Marks currently placed (distinct inodes). */
  get size(): number {
    return this.byInode.size;
  }

  /** Marks `owner` holds. */
  heldBy(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  private owned(owner: string): Map<string, string> {
    let held = this.byOwner.get(owner);
    if (held === undefined) this.byOwner.set(owner, (held = new Map()));
    return held;
  }

  private release(owner: string, inode: string): void {
    const placed = this.byInode.get(inode);
    if (placed === undefined) return;
    placed.owners.delete(owner);
    if (placed.owners.size > 0) return;
    this.byInode.delete(inode);
    try {
      this.backend.unmark(placed.hostPath, placed.kind);
      this.counters.unmarked++;
    } catch {
      this.counters.staleUnmarks++;
    }
  }
}

/** `<dev>:<ino>` of what a mark on `hostPath` lands on (symlinks followed, as fanotify_mark does), null if unreadable. */
export function inodeOf(hostPath: string): string | null {
  try {
    const st = fs.statSync(hostPath, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}
