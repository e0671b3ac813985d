import type {
  AccessDecision,
  AddOutcome,
  CoalescedProc,
  CoalesceSlot,
  CoalesceInput,
  DrainResult,
  PendingEvent,
} from './coalescer.types';

export interface CoalescerOptions {
  /** Most distinct (rootPid, path) entries one window holds; further new paths overflow. */
  readonly maxPaths: number;
  /** Most distinct processes kept per path (the raw-event contract allows 64). */
  readonly maxProcsPerPath?: number;
}

const DECISION_RANK: Record<AccessDecision, number> = { none: 0, allowed: 1, denied: 2 };

/**
 * Merges kernel events per (rootPid, container path) between two passes (seed `cbNotify`, §4.4):
 * masks are ORed, processes kept once per (pid, startTime) — a reused pid is another process —
 * and the first event's context wins.
 *
 * The window is bounded: when `maxPaths` entries exist, events for a new path are refused and
 * counted per rootPid; the caller turns the count into a gap event (then rescans). Events for a
 * path already pending are always merged, so a full window still absorbs repeats. Nothing is
 * dropped silently: refused events and unrecorded processes are both in {@link drain}'s result.
 */
export class Coalescer<C, P extends CoalescedProc> {
  // Looked up by rootPid, then path (no per-event key string to build and hash); `order` keeps the
  // window in first-seen order for the pass.
  private byRoot = new Map<number, Map<string, PendingEvent<C, P>>>();
  private order: PendingEvent<C, P>[] = [];
  private overflowByRoot = new Map<number, number>();
  /** Bumped whenever entries leave the window (drain, dropRoot): slots filled before are stale. */
  private window = 0;
  private overflowEvents = 0;
  private droppedProcs = 0;
  private readonly maxPaths: number;
  private readonly maxProcsPerPath: number;

  constructor(options: CoalescerOptions) {
    if (!Number.isInteger(options.maxPaths) || options.maxPaths < 1) {
      throw new RangeError(`maxPaths must be a positive integer, got ${options.maxPaths}`);
    }
    this.maxPaths = options.maxPaths;
    this.maxProcsPerPath = options.maxProcsPerPath ?? 64;
  }

  /** Pending paths (the seed's `NFileEvents` gauge). */
  get size(): number {
    return this.order.length;
  }

  add(input: CoalesceInput<C, P>): AddOutcome {
    const slot = input.slot;
    const known = slot === undefined || slot.window !== this.window || slot.owner !== this ? null : slot.entry;
    if (known !== null && known.rootPid === input.rootPid && known.path === input.path) {
      this.merge(known, input);
      return 'merged';
    }
    let paths = this.byRoot.get(input.rootPid);
    const entry = paths?.get(input.path);
    if (entry !== undefined) {
      this.merge(entry, input);
      this.fill(slot, entry);
      return 'merged';
    }
    if (this.order.length >= this.maxPaths) {
      this.overflowEvents += 1;
      this.overflowByRoot.set(input.rootPid, (this.overflowByRoot.get(input.rootPid) ?? 0) + 1);
      return 'overflow';
    }
    if (paths === undefined) this.byRoot.set(input.rootPid, (paths = new Map()));
    const added: PendingEvent<C, P> = {
      rootPid: input.rootPid,
      path: input.path,
      mask: input.mask,
      context: input.context,
      procs: input.proc === undefined ? [] : [input.proc],
      decision: input.decision ?? 'none',
      sources: [input.source],
      firstAt: input.at,
      lastAt: input.at,
      events: 1,
    };
    paths.set(input.path, added);
    this.order.push(added);
    this.fill(slot, added);
    return 'added';
  }

  private fill(slot: CoalesceSlot<C, P> | undefined, entry: PendingEvent<C, P>): void {
    if (slot === undefined) return;
    slot.entry = entry;
    slot.owner = this;
    slot.window = this.window;
  }

  /** Swaps the window out for an empty one and returns it with its overflow counts. */
  drain(): DrainResult<C, P> {
    const result: DrainResult<C, P> = {
      events: this.order,
      overflow: { events: this.overflowEvents, byRoot: this.overflowByRoot },
      droppedProcs: this.droppedProcs,
    };
    this.byRoot = new Map();
    this.order = [];
    this.window += 1;
    this.overflowByRoot = new Map();
    this.overflowEvents = 0;
    this.droppedProcs = 0;
    return result;
  }

  /**
   * Puts drained entries a pass did not get to back at the front of the window, in their order
   * (they are older than anything added since the drain). An entry for the same (rootPid, path)
   * added since is merged into the returned one and takes its place, so a path is classified once,
   * with everything seen on it, and each container's paths keep their order. Requeued entries were
   * accepted already: they are never refused, even past `maxPaths` (new paths are, until the window
   * shrinks below it).
   */
  requeue(entries: readonly PendingEvent<C, P>[]): void {
    if (entries.length === 0) return;
    const absorbed = new Set<PendingEvent<C, P>>();
    for (const entry of entries) {
      let paths = this.byRoot.get(entry.rootPid);
      if (paths === undefined) this.byRoot.set(entry.rootPid, (paths = new Map()));
      const newer = paths.get(entry.path);
      if (newer !== undefined) {
        this.absorb(entry, newer);
        absorbed.add(newer);
      }
      paths.set(entry.path, entry);
    }
    this.order = absorbed.size === 0 ? [...entries, ...this.order] : [...entries, ...this.order.filter((e) => !absorbed.has(e))];
    // Slots filled since the drain may point at an absorbed entry: they must look the path up again.
    this.window += 1;
  }

  private absorb(older: PendingEvent<C, P>, newer: PendingEvent<C, P>): void {
    older.mask |= newer.mask;
    older.events += newer.events;
    if (newer.lastAt > older.lastAt) older.lastAt = newer.lastAt;
    for (const source of newer.sources) if (!older.sources.includes(source)) older.sources.push(source);
    if (DECISION_RANK[newer.decision] > DECISION_RANK[older.decision]) older.decision = newer.decision;
    for (const proc of newer.procs) this.mergeProc(older.procs, proc);
  }

  /** Forgets a container's pending events (its watch was cleaned up); returns how many. */
  dropRoot(rootPid: number): number {
    const paths = this.byRoot.get(rootPid);
    if (paths === undefined) return 0;
    this.byRoot.delete(rootPid);
    this.order = this.order.filter((entry) => entry.rootPid !== rootPid);
    this.window += 1;
    return paths.size;
  }

  private merge(entry: PendingEvent<C, P>, input: CoalesceInput<C, P>): void {
    entry.mask |= input.mask;
    entry.events += 1;
    if (input.at > entry.lastAt) entry.lastAt = input.at;
    if (!entry.sources.includes(input.source)) entry.sources.push(input.source);
    const decision = input.decision ?? 'none';
    if (DECISION_RANK[decision] > DECISION_RANK[entry.decision]) entry.decision = decision;
    if (input.proc !== undefined) this.mergeProc(entry.procs, input.proc);
  }

  private mergeProc(procs: P[], proc: P): void {
    let index = procs.length - 1;
    // From the newest: a process's events come in runs. A loop, not findIndex: no closure per event.
    while (index >= 0 && (procs[index].pid !== proc.pid || procs[index].startTime !== proc.startTime)) index--;
    if (index >= 0) {
      // A later denial of the same process must not hide behind its earlier allowed open.
      if (proc.deny === true && procs[index].deny !== true) procs[index] = proc;
      return;
    }
    if (procs.length >= this.maxProcsPerPath) {
      this.droppedProcs += 1;
      return;
    }
    procs.push(proc);
  }
}
