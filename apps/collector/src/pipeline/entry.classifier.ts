import {
  classifyEvent,
  type ClassifyAction,
  IN_ATTRIB,
  IN_ACCESS,
  isRuntimeFile,
  linkTargetPath,
  resolveInContainer,
  type ReportDrop,
  type ReportOptions,
  shouldReport,
} from '@fsmon/collector-domain';
import type { FileRawEvent } from '@fsmon/contracts';
import fs from 'node:fs';
import type { PasswdCache } from '../attribution/passwd.cache';
import type { ContentHasher, Observation } from '../watch/content.hasher';
import type { WatchManager } from '../watch/watch.manager';
import { joinPath, type WatchedDir } from '../watch/watch-state';
import type { Pending } from './pending.types';
import type { RawEventFactory } from './raw-event.factory';

export interface ClassifierHooks {
  /** A classified directory must be watched (created or moved in under a recursive filter). */
  watchDir(pending: Pending): void;
}

export type ClassifyOutcome =
  | { readonly reported: FileRawEvent }
  | { readonly none: true }
  | { readonly dropped: ReportDrop };

/** Masks that need no content hash: a pure read or attribute change decides without one. */
const NO_HASH = IN_ACCESS | IN_ATTRIB;

/**
 * Classifies one coalesced path (the seed's 4 s pass, §4.5–4.6): observes the node (lstat, and
 * the content hash unless the mask is only reads or attribute changes), runs the domain classifier
 * against the path's own baseline, applies its actions to the watch state, and decides whether to
 * report with the domain's send rules (Discover drops reads; runtime-file grace).
 */
export class EntryClassifier {
  constructor(
    private readonly hasher: ContentHasher,
    private readonly manager: WatchManager,
    private readonly factory: RawEventFactory,
    private readonly passwd: PasswdCache,
    private readonly report: ReportOptions,
    private readonly hooks: ClassifierHooks,
  ) {}

  /**
   * Classifies a pass's chunk. The children of one directory that need no hash (reads, attribute
   * changes: most of a busy window) are observed first, all of them in one synchronous run
   * (ContentHasher.observeNames); the others, and all where that declines, by `observe` as before.
   */
  classifyChunk(chunk: readonly Pending[]): Promise<ClassifyOutcome[]> {
    const seen = this.observeChildren(chunk);
    return Promise.all(chunk.map((p, i) => this.classify(p, seen[i])));
  }

  async classify(p: Pending, observed?: Observation): Promise<ClassifyOutcome> {
    const ctx = p.context;
    const { watch } = ctx;
    const seen = observed ?? (await this.hasher.observe(watch.hostPath(p.path), (p.mask & ~NO_HASH) !== 0));
    const baseline = watch.baselineOf(ctx.dir, ctx.name, ctx.file);
    const linkTarget = seen.isSymlink && seen.linkTarget !== null ? linkTargetPath(p.path, seen.linkTarget) : undefined;
    const cls = classifyEvent({
      mask: p.mask,
      role: ctx.role,
      recursive: ctx.recursive,
      node: { exists: seen.exists, isDir: seen.isDir, isSymlink: seen.isSymlink, linkTargetIsDir: linkTarget === undefined ? false : this.isDir(p, linkTarget) },
      baseline: baseline?.hash ?? null,
      hash: seen.hash,
    });
    for (const action of cls.actions) this.apply(p, action, seen);
    if (p.path === '/etc/passwd' && cls.kind !== 'Accessed') this.passwd.invalidate(watch.workload.key);
    if (cls.kind === null) return { none: true };
    const verdict = shouldReport(
      {
        kind: cls.kind,
        mode: watch.flags.mode,
        mask: p.mask,
        isRuntimeFile: isRuntimeFile(p.path),
        watchStartedAt: watch.startedAt,
        now: Date.now(),
        filterCustomerAdd: ctx.filter.customerAdd,
        decision: p.decision,
        source: p.sources.includes('fanotify') ? 'fanotify' : p.sources[0],
      },
      this.report,
    );
    if (!verdict.send) return { dropped: verdict.drop };
    return { reported: this.factory.file(p, cls.kind, seen, linkTarget) };
  }

  /** Observations of the chunk's no-hash directory children (by index; undefined: observe it alone). */
  private observeChildren(chunk: readonly Pending[]): Array<Observation | undefined> {
    const out: Array<Observation | undefined> = new Array(chunk.length);
    const byDir = new Map<WatchedDir, number[]>();
    for (let i = 0; i < chunk.length; i++) {
      const p = chunk[i];
      const { dir, name, role } = p.context;
      // Only where <dir>/<name> is the path itself: what observe would lstat.
      if ((p.mask & ~NO_HASH) !== 0 || role !== 'dir-child' || dir === null || name === null || name === '' || p.path !== joinPath(dir.path, name)) continue;
      const list = byDir.get(dir);
      if (list === undefined) byDir.set(dir, [i]);
      else if (chunk[list[0]].context.watch === p.context.watch) list.push(i);
    }
    for (const [dir, indexes] of byDir) {
      const { watch } = chunk[indexes[0]].context;
      const seen = this.hasher.observeNames(watch.hostPath(dir.path), indexes.map((i) => chunk[i].context.name as string));
      if (seen !== undefined) for (let k = 0; k < indexes.length; k++) out[indexes[k]] = seen[k];
    }
    return out;
  }

  private apply(p: Pending, action: ClassifyAction, seen: Observation): void {
    const { watch, dir, name, file } = p.context;
    switch (action.type) {
      case 'watch-dir':
        this.hooks.watchDir(p);
        return;
      case 'add-file':
        if (dir !== null && name !== null) dir.children.set(name, { filter: p.context.filter, hash: action.hash, sig: seen.sig, matched: null });
        return;
      case 'rewatch-file':
      case 'update-baseline': {
        const baseline = watch.baselineOf(dir, name, file);
        if (baseline !== undefined) {
          baseline.hash = action.hash;
          baseline.sig = seen.sig;
        }
        return;
      }
      case 'remove-path':
        if (p.context.role === 'dir-child' && dir !== null && name !== null) dir.children.delete(name);
        this.manager.forgetPath(watch, p.path);
        return;
    }
  }

  private isDir(p: Pending, target: string): boolean {
    const { watch } = p.context;
    const resolved = resolveInContainer(target, (cp) => {
      try {
        return fs.readlinkSync(watch.hostPath(cp));
      } catch {
        return null;
      }
    });
    try {
      return resolved.ok && fs.statSync(watch.hostPath(resolved.value)).isDirectory();
    } catch {
      return false;
    }
  }
}
