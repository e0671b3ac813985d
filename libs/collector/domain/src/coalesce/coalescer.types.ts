import type { FileRawEvent } from '@fsmon/contracts';

export type EventSource = FileRawEvent['source'];
/** The allow-check outcome of a fanotify event: none (not checked), allowed, or denied. */
export type AccessDecision = FileRawEvent['decision'];

/** What the coalescer needs of a process: its identity, and whether it was blocked. */
export interface CoalescedProc {
  readonly pid: number;
  /** Clock ticks since boot (/proc/<pid>/stat field 22); tells a reused pid apart. */
  readonly startTime?: number;
  readonly deny?: boolean;
}

/** One raw kernel event, already translated to the internal mask. */
export interface CoalesceInput<C, P extends CoalescedProc> {
  readonly rootPid: number;
  /** Container-relative path. */
  readonly path: string;
  readonly mask: number;
  /** The watch entry (or any caller data) this event was matched to; the first event's wins. */
  readonly context: C;
  readonly source: EventSource;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly proc?: P;
  readonly decision?: AccessDecision;
  /**
   * The caller's memo of where this (rootPid, path) sits in the window, when it keeps one per
   * path (one object for every event of that path): the coalescer fills it and, while the window
   * it was filled in is still open, merges there without looking the path up.
   */
  readonly slot?: CoalesceSlot<C, P>;
}

/** See {@link CoalesceInput.slot}. Start it as `newCoalesceSlot()`; only the coalescer writes it. */
export interface CoalesceSlot<C, P extends CoalescedProc> {
  entry: PendingEvent<C, P> | null;
  /** The coalescer and window `entry` belongs to. */
  owner: object | null;
  window: number;
}

export function newCoalesceSlot<C, P extends CoalescedProc>(): CoalesceSlot<C, P> {
  return { entry: null, owner: null, window: -1 };
}

/** Everything seen on one (rootPid, path) since the last drain. */
export interface PendingEvent<C, P extends CoalescedProc> {
  readonly rootPid: number;
  readonly path: string;
  /** OR of every event's internal mask. */
  mask: number;
  readonly context: C;
  /** Distinct processes by (pid, startTime), in order of first appearance. */
  readonly procs: P[];
  /** The strongest decision seen: denied > allowed > none. */
  decision: AccessDecision;
  readonly sources: EventSource[];
  readonly firstAt: number;
  lastAt: number;
  /** Raw events merged into this entry. */
  events: number;
}

export type AddOutcome = 'added' | 'merged' | 'overflow';

/** One coalescing window, as handed to the 4 s pass. */
export interface DrainResult<C, P extends CoalescedProc> {
  readonly events: PendingEvent<C, P>[];
  /** Raw events refused because the window was full, in total and per rootPid. Each is a gap. */
  readonly overflow: { readonly events: number; readonly byRoot: ReadonlyMap<number, number> };
  /** Processes not recorded because a path already held `maxProcsPerPath` of them. */
  readonly droppedProcs: number;
}
