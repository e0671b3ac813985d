import { IN_CLOSE_WRITE, IN_CREATE, IN_DELETE, IN_DELETE_SELF, IN_ISDIR, IN_MODIFY } from '@fsmon/collector-domain';
import type { FileRawEvent, GapRawEvent } from '@fsmon/contracts';
import fs from 'node:fs';
import type { RawEventSink } from '../core/collector.ports';
import type { ContentHasher } from '../watch/content.hasher';
import type { WatchManager } from '../watch/watch.manager';
import { type FileBaseline, joinPath, type WatchedDir } from '../watch/watch-state';
import type { WorkloadWatch } from '../watch/workload.watch';
import { matchEntry } from './entry.matcher';
import { bump, type PassCounters } from './pass.counters';
import type { Pending } from './pending.types';
import type { RawEventFactory } from './raw-event.factory';
import type { SubtreeScheduler } from './subtree.scheduler';
import { enqueueInSlices } from './sink.slices';

export type GapReason = GapRawEvent['reason'];

export interface RescanDeps {
  readonly manager: WatchManager;
  readonly hasher: ContentHasher;
  readonly factory: RawEventFactory;
  readonly sink: RawEventSink;
  readonly counters: PassCounters;
  readonly subtrees: SubtreeScheduler;
  readonly classifyAll: (pending: readonly Pending[]) => Promise<FileRawEvent[]>;
}

/**
 * Lost events are never silent: a gap event names what may have been missed, then the watched
 * files are checked against their baselines (stat first, hash only when the stat changed) and
 * every change found is classified and reported with source `rescan`: created, modified and
 * removed files, removed directories, and new sub-directories (walked and watched). Requests while
 * a rescan runs are merged into one more rescan.
 */
export class GapRescanner {
  private running: Promise<void> | null = null;
  private next: Set<number> | 'all' | null = null;

  constructor(private readonly deps: RescanDeps) {}

  /**
   * Publishes the gap now (on the key of `containerId`, the host's for null) and schedules the
   * rescan of `roots` (root pids, or all workloads).
   */
  request(reason: GapReason, scope: string, lost: number | undefined, roots: Iterable<number> | 'all', containerId: string | null = null): void {
    this.publishGap(reason, scope, lost, containerId);
    this.rescan(roots);
  }

  /** Publishes a gap event only: what was missed cannot be found by a rescan (a directory without its watch). */
  publishGap(reason: GapReason, scope: string, lost: number | undefined, containerId: string | null = null): void {
    this.deps.sink.enqueue([this.deps.factory.gap(reason, scope, lost)], containerId);
    bump(this.deps.counters.gaps, reason);
  }

  /** Schedules a rescan only, covered by a gap already published (a reader reopened after its gap). */
  rescan(roots: Iterable<number> | 'all'): void {
    if (roots === 'all' || this.next === 'all') this.next = 'all';
    else this.next = new Set([...(this.next ?? []), ...roots]);
    this.running ??= this.drain();
  }

  /** Resolves when no rescan is running or queued. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.next !== null) {
        const roots = this.next;
        this.next = null;
        this.deps.counters.rescans += 1;
        for (const watch of [...this.deps.manager.all()]) {
          if (roots === 'all' || roots.has(watch.workload.rootPid)) await this.rescanWatch(watch);
        }
      }
    } finally {
      this.running = null;
    }
  }

  private async rescanWatch(watch: WorkloadWatch): Promise<void> {
    const found: Pending[] = [];
    for (const dir of [...watch.dirs.values()]) await this.rescanDir(watch, dir, found);
    for (const file of [...watch.files.values()]) {
      const mask = await this.changed(watch, file.path, file.baseline);
      const match = matchEntry({ watch, dir: null, file }, null, false, mask);
      if (mask !== 0 && match.context !== null) found.push(synthetic(match.path, mask, match.context));
    }
    if (found.length === 0 || watch.closed) return;
    this.deps.counters.rescanChanges += found.length;
    const events = await this.deps.classifyAll(found);
    await enqueueInSlices(this.deps.sink, events);
  }

  private async rescanDir(watch: WorkloadWatch, dir: WatchedDir, found: Pending[]): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(watch.hostPath(dir.path), { withFileTypes: true });
    } catch {
      const match = matchEntry({ watch, dir, file: null }, null, true, IN_DELETE_SELF);
      if (match.context !== null) found.push(synthetic(dir.path, IN_DELETE_SELF | IN_ISDIR, match.context));
      else this.deps.manager.forgetPath(watch, dir.path);
      return;
    }
    const names = new Set<string>();
    for (const entry of entries) {
      names.add(entry.name);
      const path = joinPath(dir.path, entry.name);
      if (entry.isDirectory()) {
        if (watch.dirs.has(path)) continue;
        const match = matchEntry({ watch, dir, file: null }, entry.name, true, IN_CREATE);
        if (match.outcome === 'new-dir') this.deps.subtrees.schedule(match, 'rescan');
        if (match.context !== null) found.push(synthetic(path, IN_CREATE | IN_ISDIR, match.context));
        continue;
      }
      if (dir.kind === 'structure') continue;
      const known = dir.children.get(entry.name);
      const mask = known === undefined ? IN_CREATE : await this.changed(watch, path, known);
      const match = mask === 0 ? null : matchEntry({ watch, dir, file: null }, entry.name, false, mask);
      if (match !== null && match.context !== null) found.push(synthetic(path, mask, match.context));
    }
    for (const name of [...dir.children.keys()]) {
      if (names.has(name)) continue;
      const match = matchEntry({ watch, dir, file: null }, name, false, IN_DELETE);
      if (match.context !== null) found.push(synthetic(match.path, IN_DELETE, match.context));
    }
  }

  /** The mask of a change to a known file: written (its hash differs), gone, or 0. */
  private async changed(watch: WorkloadWatch, path: string, baseline: FileBaseline): Promise<number> {
    const quick = await this.deps.hasher.observe(watch.hostPath(path), false);
    if (!quick.exists) return IN_DELETE;
    if (quick.sig === baseline.sig) return 0;
    const full = await this.deps.hasher.observe(watch.hostPath(path), true);
    if (full.hash === null || full.hash !== baseline.hash) return IN_MODIFY | IN_CLOSE_WRITE;
    baseline.sig = full.sig;
    return 0;
  }
}

function synthetic(path: string, mask: number, context: Pending['context']): Pending {
  const now = Date.now();
  return { rootPid: context.watch.workload.rootPid, path, mask, context, procs: [], decision: 'none', sources: ['rescan'], firstAt: now, lastAt: now, events: 1 };
}
