import type { Coalescer, CoalesceSlot, EntryRole, PendingEvent } from '@fsmon/collector-domain';
import type { FileFilter } from '@fsmon/contracts';
import type { ProcRecord } from '../attribution/proc-record';
import type { WatchedDir, WatchedFile } from '../watch/watch-state';
import type { WorkloadWatch } from '../watch/workload.watch';

/** What an event was matched to: the workload, its watch entry, and the filter deciding for the path. */
export interface PendingContext {
  readonly watch: WorkloadWatch;
  /** The watched directory (the path itself for `watched-dir`, its parent for `dir-child`). */
  readonly dir: WatchedDir | null;
  /** The entry name in `dir` (`dir-child` only). */
  readonly name: string | null;
  /** The own-marked file (a bind-mounted file). */
  readonly file: WatchedFile | null;
  readonly role: EntryRole;
  readonly filter: FileFilter;
  /** For a sub-directory: whether the filter watching it descends further. */
  readonly recursive: boolean;
}

export type Pending = PendingEvent<PendingContext, ProcRecord>;
export type PendingCoalescer = Coalescer<PendingContext, ProcRecord>;
export type PendingSlot = CoalesceSlot<PendingContext, ProcRecord>;

/** Counters of the event path, by cause; every event not coalesced is in exactly one of them. */
export interface IntakeCounters {
  /** Kernel events read, by source. */
  fanotify: number;
  inotify: number;
  /** Events caused by the collector itself (hashing), ignored. */
  self: number;
  /** Directory opens and other events no watch needs (not drops: the mask asks for them). */
  ignored: number;
  /** On a directory this collector does not watch (a workload already gone, or an unresolvable handle). */
  unlocated: number;
  /** On a container's file by a process outside that container (the seed's rule: not the container's event). */
  foreign: number;
  /** On an entry of a watched directory that no filter covers. */
  uncovered: number;
  /** Refused by a full coalescing window (each becomes part of a gap event). */
  windowFull: number;
  coalesced: number;
}

export function newIntakeCounters(): IntakeCounters {
  return { fanotify: 0, inotify: 0, self: 0, ignored: 0, unlocated: 0, foreign: 0, uncovered: 0, windowFull: 0, coalesced: 0 };
}
