import type { FileFilter } from '@fsmon/contracts';
import type { RememberedMatch } from '../pipeline/entry.matcher';

/** What the collector remembers of a file it watches: its filter and its content baseline. */
export interface FileBaseline {
  /** The filter that decides for this path (coveredBy: block, customer-added, most specific first). */
  filter: FileFilter;
  /** Content hash (CONTENT_HASH), null until hashed or when too large / unreadable. */
  hash: string | null;
  /** `<size>:<mtimeMs>:<ctimeMs>:<ino>` when hashed; a rescan re-hashes only when it changed. */
  sig: string | null;
  /**
   * What the event path last matched this entry to (its container path and context), reused while
   * its filter stays the same: a burst over a large directory then builds no path string and
   * hashes no fresh one per event (the coalescer and the coverage memo find the same string). Set
   * by the first event, never by the walk, so it costs memory only for files that see events.
   */
  matched?: RememberedMatch | null;
}

/** A new entry's baseline: none taken yet. */
export function newBaseline(filter: FileFilter): FileBaseline {
  return { filter, hash: null, sig: null, matched: null };
}

/**
 * A directory with a kernel mark. `watch` directories may hold covered files (filters watch them);
 * `structure` directories are only walked through (ancestors of wildcard or not-yet-existing
 * paths) and are marked for new sub-directories only.
 */
export interface WatchedDir {
  /** Container-relative path (the real one: symlinks resolved). */
  readonly path: string;
  kind: 'watch' | 'structure';
  /** The paths filters see it under: `path` first, then symlinked aliases (`/bin` for `/usr/bin`). */
  readonly views: string[];
  /** Filters whose covered files can sit directly in it (any view). */
  readonly filters: FileFilter[];
  /** Some filter watching it descends into sub-directories. */
  recursive: boolean;
  /** `<dev>:<ino>`: the marked inode. */
  readonly inode: string;
  /** fanotify mask this directory asked for. */
  mask: number;
  /** Covered entries by name. */
  readonly children: Map<string, FileBaseline>;
  /** Names found not covered (cleared when large): spares the matcher on repeated events. */
  readonly uncovered: Set<string>;
  /** inotify watch descriptor, when inotify watches it too. */
  wd: number | null;
}

/** A file marked on its own: a bind-mounted file (the runtime's /etc/hosts), whose parent mark never sees it. */
export interface WatchedFile {
  readonly path: string;
  readonly inode: string;
  mask: number;
  /** The directory whose child it is, when that directory is watched (they share the baseline). */
  readonly parent: WatchedDir | null;
  readonly baseline: FileBaseline;
  wd: number | null;
}

/** The planned watch set of one workload (see TreeWalker). */
export interface WatchPlan {
  readonly dirs: Map<string, WatchedDir>;
  readonly files: Map<string, WatchedFile>;
  /** The walk stopped at the directory limit. */
  truncated: boolean;
  /** Directories that could not be read (gone, denied). */
  unreadable: number;
  /** The walk was cut short (shutdown): the plan is partial and must not be applied. */
  aborted: boolean;
}

export function newWatchedDir(path: string, kind: WatchedDir['kind'], inode: string): WatchedDir {
  return { path, kind, views: [], filters: [], recursive: false, inode, mask: 0, children: new Map(), uncovered: new Set(), wd: null };
}

/** `dir/name` for container paths. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
