import * as domain from '@fsmon/collector-domain';
import type { AccessDecision, EventSource } from '@fsmon/collector-domain';
import type { FanotifyEvent, InotifyEvent } from '@fsmon/fs-events';
import type { ProcInfoResolver } from '../attribution/proc-info.resolver';
import type { WatchObserver } from '../core/collector.ports';
import type { ProcRecord } from '../attribution/proc-record';
import type { EventLocator } from '../watch/event.locator';
import type { MarkTable } from '../watch/mark.table';
import type { MarkOwner, OwnerHolder } from '../watch/workload.watch';
import type { GapReason } from './gap.rescanner';
import { type EntryMatch, matchEntry } from './entry.matcher';
import type { IntakeCounters, PendingCoalescer } from './pending.types';

// Local copies: imported bindings compile to getter calls (`export *`), measurable per event.
const { FAN_ACCESS, FAN_CLOSE_NOWRITE, FAN_ONDIR, FAN_OPEN, fanotifyToInternal, IN_ACCESS, IN_ISDIR, inotifyToInternal, isWatchGone } = domain;
const DIR_OPEN_ONLY = FAN_ONDIR | FAN_OPEN | FAN_ACCESS | FAN_CLOSE_NOWRITE;
/** The process an open is judged for when it could not be read. */
const UNKNOWN_PROC = Object.freeze({ exe: '', name: '' });

export interface IntakeHooks {
  /** A kernel queue overflowed: events were lost. */
  overflow(reason: GapReason): void;
  /** A directory appeared where a filter may reach (created or moved in): walk and watch it. */
  newDir(match: EntryMatch): void;
  /** A structure directory lost an entry: forget what was watched below it. */
  goneDir(match: EntryMatch): void;
}

/**
 * The event path: each kernel event is located (which workload, which watched entry), attributed
 * (ProcInfo by pid and start time), filtered (own pid, processes of another container, uncovered
 * entries) and merged into the coalescing window. No I/O beyond cached /proc reads; nothing here
 * waits.
 */
export class EventIntake {
  private readonly selfPid = process.pid;

  constructor(
    private readonly mode: 'fid' | 'fd',
    private readonly marks: MarkTable<MarkOwner>,
    private readonly locator: EventLocator,
    private readonly procs: ProcInfoResolver,
    private readonly coalescer: PendingCoalescer,
    private readonly counters: IntakeCounters,
    private readonly hooks: IntakeHooks,
    private readonly observer: WatchObserver | null = null,
  ) {}

  onFanotify(batch: FanotifyEvent[]): void {
    const now = Date.now();
    for (const e of batch) {
      if (e.kind === 'overflow') {
        this.hooks.overflow('fanotify-overflow');
        continue;
      }
      this.counters.fanotify += 1;
      if (e.pid === this.selfPid) {
        this.counters.self += 1;
        continue;
      }
      if ((e.mask & FAN_ONDIR) !== 0 && (e.mask & ~DIR_OPEN_ONLY) === 0) {
        this.counters.ignored += 1;
        continue;
      }
      const proc = this.procs.lookup(e.pid, now);
      const located = this.mode === 'fid' ? this.locateFid(e, proc) : this.locateFd(e, proc);
      if (located === null) continue;
      this.take(located.holder, located.name, fanotifyToInternal(e.mask), 'fanotify', now, proc);
    }
  }

  onInotify(batch: InotifyEvent[]): void {
    const now = Date.now();
    for (const e of batch) {
      if (e.kind === 'overflow') {
        this.hooks.overflow('inotify-overflow');
        continue;
      }
      this.counters.inotify += 1;
      if (isWatchGone(e.mask)) {
        this.marks.watchGone(e.wd);
        this.counters.ignored += 1;
        continue;
      }
      const inode = this.marks.inodeOfWd(e.wd);
      const holder = inode === undefined ? undefined : this.pick(this.marks.holders(inode), null);
      if (holder === undefined) {
        this.counters.unlocated += 1;
        continue;
      }
      this.take(holder, e.name, inotifyToInternal(e.mask), 'inotify', now, null);
    }
  }

  private locateFid(e: Extract<FanotifyEvent, { kind: 'file' }>, proc: ProcRecord | null): { holder: OwnerHolder; name: string | null } | null {
    const group = proc?.group ?? null;
    if (e.dir === null) return this.unlocated();
    let inode = this.locator.dir(e.dir, group);
    let name: string | null = e.name === null || e.name === '.' ? null : e.name;
    if (inode === null && name !== null) {
      inode = this.locator.file(e.dir, name, group);
      name = null;
    }
    return this.held(inode, name, proc);
  }

  private locateFd(e: Extract<FanotifyEvent, { kind: 'file' }>, proc: ProcRecord | null): { holder: OwnerHolder; name: string | null } | null {
    if (e.path === null) return this.unlocated();
    const group = proc?.group ?? null;
    if ((e.mask & FAN_ONDIR) !== 0) {
      const self = this.locator.path(e.path, group);
      if (self !== null) return this.held(self, null, proc);
    }
    const cut = e.path.lastIndexOf('/');
    return this.held(this.locator.path(cut <= 0 ? '/' : e.path.slice(0, cut), group), e.path.slice(cut + 1), proc);
  }

  private held(inode: string | null, name: string | null, proc: ProcRecord | null): { holder: OwnerHolder; name: string | null } | null {
    const holder = inode === null ? undefined : this.pick(this.marks.holders(inode), proc);
    if (holder === undefined) return this.unlocated();
    const w = holder.owner.watch.workload;
    if (!w.isHost && proc !== null && proc.group !== '' && proc.group !== w.group) {
      this.counters.foreign += 1;
      return null;
    }
    return { holder, name };
  }

  /** The holder for this process: its own workload's, else the host's, else the first. */
  private pick(holders: ReadonlySet<OwnerHolder> | undefined, proc: ProcRecord | null): OwnerHolder | undefined {
    if (holders === undefined) return undefined;
    let first: OwnerHolder | undefined;
    let host: OwnerHolder | undefined;
    for (const h of holders) {
      const w = h.owner.watch.workload;
      if (proc !== null && w.group === proc.group) return h;
      first ??= h;
      if (w.isHost) host ??= h;
    }
    return host ?? first;
  }

  private take(holder: OwnerHolder, name: string | null, mask: number, source: EventSource, now: number, proc: ProcRecord | null): void {
    const match = matchEntry(holder.owner, name, (mask & IN_ISDIR) !== 0, mask);
    switch (match.outcome) {
      case 'ignored':
        this.counters.ignored += 1;
        return;
      case 'uncovered':
        this.counters.uncovered += 1;
        return;
      case 'new-dir':
        this.hooks.newDir(match);
        break;
      case 'gone-dir':
        this.hooks.goneDir(match);
        break;
      case 'entry':
        break;
    }
    // The match's own fields only (watch and filter are shared, hot objects): the context is handed on, not read.
    const { context, filter } = match;
    if (context === null || filter === null) return;
    const workload = match.watch.workload;
    let decision: AccessDecision = 'none';
    // An open on a tracked filter seen by notification: the allow check (and Discover learning) is the observer's.
    if (this.observer !== null && source === 'fanotify' && (mask & IN_ACCESS) !== 0 && (filter.customerAdd || filter.behavior === 'block_access')) {
      decision = this.observer.observeOpen(workload.key, match.path, proc ?? UNKNOWN_PROC, match.coverage).decision;
    }
    const added = this.coalescer.add({ rootPid: workload.rootPid, path: match.path, mask, context, source, at: now, proc: proc ?? undefined, decision, slot: match.slot });
    if (added === 'overflow') this.counters.windowFull += 1;
    else this.counters.coalesced += 1;
  }

  private unlocated(): null {
    this.counters.unlocated += 1;
    return null;
  }
}
