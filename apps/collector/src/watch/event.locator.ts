import type { DirRef } from '@fsmon/fs-events';
import { inodeKey } from '../containers/proc-fs';
import type { MarkTable } from './mark.table';
import { joinPath } from './watch-state';
import type { MarkOwner, OwnerHolder, WorkloadWatch } from './workload.watch';

export interface LocatorCounters {
  /** Directory or file identities resolved by stat (once per directory handle). */
  resolved: number;
  /** Several workloads' entries matched and the process could not tell which. */
  ambiguous: number;
}

const CACHE_MAX = 200_000;

/**
 * Finds which marked inode a kernel event is about. fanotify names directories by a handle whose
 * path is rendered in the namespace of the mount the kernel library opened for that file system:
 * the host's (host paths, and chroot containers seen from the host), or a container's own
 * (container-relative paths of pivot_root containers). Each interpretation is checked by stat
 * against the mark table, and only a match whose workload path agrees with the rendered path
 * counts; when several workloads match (same container path in two containers), the process's
 * own workload decides. Results are cached per directory handle, so this runs once per directory.
 */
export class EventLocator {
  private readonly byRef = new WeakMap<DirRef, string | null>();
  private readonly files = new WeakMap<DirRef, Map<string, string | null>>();
  private readonly byPath = new Map<string, string>();
  readonly counters: LocatorCounters = { resolved: 0, ambiguous: 0 };

  constructor(
    private readonly marks: MarkTable<MarkOwner>,
    private readonly watches: () => Iterable<WorkloadWatch>,
    private readonly hostRoot: string,
  ) {}

  /** The marked directory named by a FID event's handle, or null. `group`: the process's group, if known. */
  dir(ref: DirRef, group: string | null): string | null {
    const cached = this.byRef.get(ref);
    if (cached !== undefined) return cached;
    if (ref.path === null) return null;
    const found = this.interpret(ref.path, group, 'dir');
    if (found !== 'ambiguous') this.byRef.set(ref, found);
    return found === 'ambiguous' ? null : found;
  }

  /** A file marked on its own (bind-mounted), named by its parent's handle and its name, or null. */
  file(ref: DirRef, name: string, group: string | null): string | null {
    let names = this.files.get(ref);
    const cached = names?.get(name);
    if (cached !== undefined) return cached;
    if (ref.path === null) return null;
    const found = this.interpret(joinPath(ref.path, name), group, 'file');
    if (found === 'ambiguous') return null;
    if (names === undefined) this.files.set(ref, (names = new Map()));
    names.set(name, found);
    return found;
  }

  /** fd mode: the marked directory at a path rendered by readlink of an event fd. */
  path(dirPath: string, group: string | null): string | null {
    const key = `${group ?? ''}\u0000${dirPath}`;
    const cached = this.byPath.get(key);
    if (cached !== undefined && this.marks.holders(cached) !== undefined) return cached;
    const found = this.interpret(dirPath, group, 'dir');
    if (found === 'ambiguous' || found === null) return null;
    if (this.byPath.size >= CACHE_MAX) this.byPath.clear();
    this.byPath.set(key, found);
    return found;
  }

  private interpret(path: string, group: string | null, kind: 'dir' | 'file'): string | null | 'ambiguous' {
    const hits = new Map<string, OwnerHolder[]>();
    const consider = (inode: string | null, agrees: (h: OwnerHolder) => boolean) => {
      const holders = inode === null ? undefined : this.marks.holders(inode);
      if (inode === null || holders === undefined) return;
      const ok = [...holders].filter((h) => h.kind === kind && agrees(h));
      if (ok.length > 0) hits.set(inode, ok);
    };
    // A bind-mounted file is rendered under its source's path: its inode alone identifies it.
    const agreesHere = (h: OwnerHolder, cp: string) => kind === 'file' || pathOf(h) === cp;
    const own = this.hostRoot === '/' ? path : `${this.hostRoot}${path}`;
    consider(inodeKey(own), (h) => {
      const w = h.owner.watch.workload;
      const cp = pathOf(h);
      return kind === 'file' || (w.isHost || w.rootLink === '/' ? cp === path : `${w.rootLink}${cp === '/' ? '' : cp}` === path);
    });
    for (const watch of this.watches()) {
      const w = watch.workload;
      if (w.isHost) continue;
      // pivot_root containers render container-relative paths; a chroot's own mounts render under its root link.
      const cp = w.rootLink === '/' ? path : path === w.rootLink ? '/' : path.startsWith(`${w.rootLink}/`) ? path.slice(w.rootLink.length) : null;
      if (cp !== null) consider(inodeKey(watch.hostPath(cp)), (h) => h.owner.watch === watch && agreesHere(h, cp));
    }
    this.counters.resolved += 1;
    if (hits.size <= 1) return hits.keys().next().value ?? null;
    const mine = [...hits].filter(([, hs]) => hs.some((h) => h.owner.watch.workload.group === group));
    if (mine.length === 1) return mine[0][0];
    this.counters.ambiguous += 1;
    return 'ambiguous';
  }
}

function pathOf(h: OwnerHolder): string {
  return h.owner.dir?.path ?? h.owner.file?.path ?? '';
}
