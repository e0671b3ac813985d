import { filterKey } from '@fsmon/contracts';
import type { WorkloadWatch } from '../watch/workload.watch';

/** One watched path (the seed's CLUSFileMonitorFile: path, mask, isDir, protect, children). */
export interface WatchedPathView {
  readonly path: string;
  readonly kind: 'dir' | 'structure' | 'file';
  /** The fanotify mask of its mark. */
  readonly mask: number;
  readonly isDir: boolean;
  /** A block_access filter covers it (or one of its children). */
  readonly protect: boolean;
  /** Symlinked names it is watched under (`/bin` for `/usr/bin`). */
  readonly views?: readonly string[];
  readonly filters: readonly string[];
  /** Covered entries: name, filter key, content baseline (null: none yet). */
  readonly children?: ReadonlyArray<{ readonly name: string; readonly filter: string; readonly hash: string | null }>;
}

/** A workload's watch list (the seed's GetWatches / GetWatchFileList). */
export interface WorkloadWatchView {
  readonly key: string;
  readonly rootPid: number;
  readonly container: { readonly id: string; readonly name: string; readonly image: string } | null;
  readonly mode: string;
  readonly groups: readonly string[];
  readonly state: string;
  /** The walk stopped at WATCH_MAX_DIRS. */
  readonly truncated: boolean;
  readonly paths: WatchedPathView[];
}

export function watchListing(watch: WorkloadWatch, withChildren: boolean): WorkloadWatchView {
  const paths: WatchedPathView[] = [];
  for (const dir of watch.dirs.values()) {
    paths.push({
      path: dir.path,
      kind: dir.kind === 'watch' ? 'dir' : 'structure',
      mask: dir.mask,
      isDir: true,
      protect: dir.filters.some((f) => f.behavior === 'block_access'),
      views: dir.views,
      filters: dir.filters.map(filterKey),
      // Built only when asked: with 100k watched files a listing without them is polled cheaply.
      ...(withChildren ? { children: [...dir.children].map(([name, b]) => ({ name, filter: filterKey(b.filter), hash: b.hash })) } : {}),
    });
  }
  for (const file of watch.files.values()) {
    const filter = file.baseline.filter;
    paths.push({ path: file.path, kind: 'file', mask: file.mask, isDir: false, protect: filter.behavior === 'block_access', filters: [filterKey(filter)] });
  }
  const id = watch.workload.identity;
  return {
    key: watch.workload.key,
    rootPid: watch.workload.rootPid,
    container: id === null ? null : { id: id.id, name: id.name, image: id.image },
    mode: watch.flags.mode,
    groups: watch.policy.groups,
    state: watch.state,
    truncated: watch.truncated,
    paths: paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}
