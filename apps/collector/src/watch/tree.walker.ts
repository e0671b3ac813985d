import { resolveInContainer } from '@fsmon/collector-domain';
import type { FileFilter } from '@fsmon/contracts';
import { coveredBy, filtersWatching, shouldDescend } from '@fsmon/rules';
import fs from 'node:fs';
import { joinPath, newBaseline, newWatchedDir, type WatchedDir, type WatchPlan } from './watch-state';

export interface WalkOptions {
  /** How this process reaches the workload's `/` ('' for its own root). */
  readonly rootPath: string;
  readonly filters: readonly FileFilter[];
  /** Stop (plan.truncated) once this many directories are planned. */
  readonly maxDirs: number;
  /** Container paths of mount points: a covered file there gets its own mark. */
  readonly mountPoints: ReadonlySet<string>;
  /** Directories read at once (default 8). */
  readonly concurrency?: number;
  /** Shutdown: the walk stops taking directories and returns what it planned, `aborted` set. */
  readonly signal?: AbortSignal;
}

/** A directory to visit: its real path and the path the filters see it under. */
export interface WalkStart {
  readonly real: string;
  readonly view: string;
}

/**
 * Expands filters into the concrete directories and files of one workload (fixes fsmon-behaviour
 * §8.1–§8.3): ancestors of a base directory are walked through (`/usr`, `/var/lib`), wildcard
 * segments match any name (`/home/*\/.ssh`), mount points are entered (volumes), and a symlinked
 * directory on the way to a filter's directory (`/bin -> usr/bin`) is followed inside the
 * container root, its target planned under both names. Below a filter's directory symlinks are
 * entries, never followed: a link back up (`/usr/lib/llvm-14/build/Release -> ..`) would
 * otherwise give every trip round the loop a new, longer name and the walk would not end. Symlinks
 * are never followed for files. Unreadable directories are counted and skipped.
 */
export class TreeWalker {
  private readonly plan: WatchPlan = { dirs: new Map(), files: new Map(), truncated: false, unreadable: 0, aborted: false };
  private readonly visited = new Set<string>();
  private readonly queue: WalkStart[] = [];
  /** The filters cut to their own directory: a view they descend to is on the way to one. */
  private readonly approaches: readonly FileFilter[];

  constructor(private readonly options: WalkOptions) {
    this.approaches = options.filters.map((f) => ({ ...f, recursive: false }));
  }

  /** Directories planned so far (progress of a running walk). */
  get planned(): number {
    return this.plan.dirs.size;
  }

  /** Walks from `starts` (default: the root) and returns the plan (partial, `aborted`, when the signal fired). */
  async walk(starts: readonly WalkStart[] = [{ real: '/', view: '/' }]): Promise<WatchPlan> {
    for (const s of starts) this.enqueue(s);
    const workers = Array.from({ length: this.options.concurrency ?? 8 }, async () => {
      for (let next = this.take(); next !== undefined; next = this.take()) await this.visit(next);
    });
    // Workers that find the queue empty stop; a visit may refill it, so loop until it stays empty.
    await Promise.all(workers);
    while (this.queue.length > 0 && !this.aborted()) await this.walk([]);
    return this.plan;
  }

  private aborted(): boolean {
    if (this.options.signal?.aborted !== true) return false;
    this.plan.aborted = true;
    return true;
  }

  private take(): WalkStart | undefined {
    return this.aborted() ? undefined : this.queue.shift();
  }

  private host(real: string): string {
    return real === '/' ? this.options.rootPath || '/' : `${this.options.rootPath}${real}`;
  }

  private enqueue(start: WalkStart): void {
    const key = `${start.real}\u0000${start.view}`;
    if (this.visited.has(key)) return;
    if (this.plan.dirs.size + this.queue.length >= this.options.maxDirs) {
      this.plan.truncated = true;
      return;
    }
    this.visited.add(key);
    this.queue.push(start);
  }

  private async visit({ real, view }: WalkStart): Promise<void> {
    let entries: fs.Dirent[];
    let inode: string;
    try {
      const st = await fs.promises.stat(this.host(real));
      if (!st.isDirectory()) return;
      inode = `${st.dev}:${st.ino}`;
      entries = await fs.promises.readdir(this.host(real), { withFileTypes: true });
    } catch {
      this.plan.unreadable += 1;
      return;
    }
    const watching = filtersWatching(view, this.options.filters);
    const dir = this.dirFor(real, inode, watching.length > 0 ? 'watch' : 'structure');
    if (!dir.views.includes(view)) dir.views.push(view);
    for (const f of watching) if (!dir.filters.includes(f)) dir.filters.push(f);
    if (watching.some((f) => f.recursive)) dir.recursive = true;
    for (const entry of entries) this.entry(dir, real, view, entry, watching);
  }

  private dirFor(real: string, inode: string, kind: WatchedDir['kind']): WatchedDir {
    const known = this.plan.dirs.get(real);
    if (known !== undefined) {
      if (kind === 'watch') known.kind = 'watch';
      return known;
    }
    const dir = newWatchedDir(real, kind, inode);
    this.plan.dirs.set(real, dir);
    return dir;
  }

  private entry(dir: WatchedDir, real: string, view: string, entry: fs.Dirent, watching: readonly FileFilter[]): void {
    const childReal = joinPath(real, entry.name);
    const childView = joinPath(view, entry.name);
    if (entry.isDirectory()) {
      if (shouldDescend(childView, this.options.filters)) this.enqueue({ real: childReal, view: childView });
      return;
    }
    if (entry.isSymbolicLink() && shouldDescend(childView, this.approaches)) {
      const target = this.linkedDir(childReal);
      if (target !== null) this.enqueue({ real: target, view: childView });
    }
    if (watching.length === 0) return;
    const filter = coveredBy(childView, watching);
    if (filter === undefined) return;
    const known = dir.children.get(entry.name);
    // The real path's own filters decide over an alias's.
    if (known === undefined || view === real) dir.children.set(entry.name, newBaseline(filter));
    if (this.options.mountPoints.has(childReal) && !this.plan.files.has(childReal)) {
      const baseline = dir.children.get(entry.name) ?? newBaseline(filter);
      this.plan.files.set(childReal, { path: childReal, inode: '', mask: 0, parent: dir, baseline, wd: null });
    }
  }

  /** The real container path of a symlink's target when it is a directory, else null. */
  private linkedDir(linkReal: string): string | null {
    const resolved = resolveInContainer(linkReal, (p) => {
      try {
        return fs.readlinkSync(this.host(p));
      } catch {
        return null;
      }
    });
    if (!resolved.ok) return null;
    try {
      return fs.statSync(this.host(resolved.value)).isDirectory() ? resolved.value : null;
    } catch {
      return null;
    }
  }
}
