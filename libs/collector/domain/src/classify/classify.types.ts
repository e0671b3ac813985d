import type { FileEventKind } from '@fsmon/contracts';

/**
 * How the pending path relates to the watch set:
 * - `watched-dir`: the path is itself a watched directory;
 * - `dir-child`: an entry of a watched directory (known child or new one);
 * - `single-file`: a file watched on its own (single-file filter).
 */
export type EntryRole = 'watched-dir' | 'dir-child' | 'single-file';

/** What the node sees at the path now (lstat, plus a stat of the link target for symlinks). */
export interface NodeObservation {
  readonly exists: boolean;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
  /** For a symlink: its target, resolved inside the container root, is a directory. */
  readonly linkTargetIsDir?: boolean;
}

export interface ClassifyInput {
  /** Coalesced internal mask. */
  readonly mask: number;
  readonly role: EntryRole;
  /** The directory's filter descends into sub-directories. */
  readonly recursive: boolean;
  readonly node: NodeObservation;
  /** This path's own stored content hash, or null when it has none yet. */
  readonly baseline: string | null;
  /** The content hash now, or null when not hashed (directory, too large, read failed). */
  readonly hash: string | null;
}

/**
 * What the caller must change in its watch state for the classified path. Actions are data:
 * the classifier mutates nothing, so no entry is shared or overwritten (seed bug §8.9).
 */
export type ClassifyAction =
  /** Start watching the path as a directory (created or moved in under a recursive filter). */
  | { readonly type: 'watch-dir' }
  /** Register the path as a known child of its directory, with its own baseline. */
  | { readonly type: 'add-file'; readonly hash: string | null }
  /** A single file's inode changed: re-place inode-bound watches, and reset the baseline. */
  | { readonly type: 'rewatch-file'; readonly hash: string | null }
  /** The path is gone: drop its watches, its baseline and (for a directory) its children. */
  | { readonly type: 'remove-path' }
  /** Store a new baseline for the path. */
  | { readonly type: 'update-baseline'; readonly hash: string };

export interface Classification {
  /** The event to report, or null for "no event". */
  readonly kind: FileEventKind | null;
  readonly actions: readonly ClassifyAction[];
  /** Which table decided, and its row (for tests and debug logs). */
  readonly table: 'dir' | 'file';
  readonly row: string;
}
