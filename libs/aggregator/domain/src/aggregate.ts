import { AggregateMessages, type ContainerIdentity, type HostIdentity, type ProcInfo } from '@fsmon/contracts';
import type { FileMessage } from './file-message';
import { RecencyLink } from './recency-list';
import type { ParsedPosition } from './source-position';

/** process: reported at once, then accumulates; inotify: held until it expires or gets a process; package: one install. */
export type AggregateKind = 'process' | 'inotify' | 'package';

const PATH_SEPARATOR = ', ';

/**
 * One aggregate and its current window: the events not yet reported (`count`, `paths`, `msg`) and
 * the source positions the window pins for commit tracking (per partition, the lowest offset of
 * any event in the window, the opening event included even after it was reported at once).
 */
export class Aggregate {
  proc: ProcInfo | null;
  kind: AggregateKind;
  holdMs: number;
  /** The program it merges for (the per-process merge; see programId), once it has one. */
  program: { readonly id: string; readonly group: string; readonly action: string } | null = null;
  /** The (path, msg) it was created for: it owns that key (the seed's key1) while it lives. */
  owns: { readonly path: string; readonly msg: string } | null = null;
  readonly containerKey: string;
  readonly host: HostIdentity;
  readonly container: ContainerIdentity | null;
  readonly group: string;
  readonly action: 'violate' | 'deny';
  openedBy = '';
  startAt = '';
  startMs = 0;
  count = 0;
  readonly paths = new Set<string>();
  msg: string | null = null;
  readonly pins = new Map<number, bigint>();
  lastAtMs = 0;
  lastSeenMs = 0;
  /** Its places in the store's recency orders: among all live aggregates, and in its container. */
  readonly linkInAll = new RecencyLink<Aggregate>(this);
  readonly linkInContainer = new RecencyLink<Aggregate>(this);
  private joinedLength = 0;
  private countedEvent = '';

  /** `identity` is the key the aggregate was created for; it seeds every report id. */
  constructor(
    kind: AggregateKind,
    readonly identity: string,
    m: FileMessage,
    holdMs: number,
  ) {
    this.kind = kind;
    this.holdMs = holdMs;
    this.containerKey = m.containerKey;
    this.host = m.host;
    this.container = m.container;
    this.group = m.group;
    this.action = m.action;
    this.proc = m.proc;
  }

  /** Starts a new, empty window opened by `m`. */
  open(m: FileMessage, pos: ParsedPosition, nowMs: number): void {
    this.openedBy = m.eventId;
    this.startAt = m.at;
    this.startMs = m.atMs;
    this.count = 0;
    this.paths.clear();
    this.joinedLength = 0;
    this.msg = null;
    this.pins.clear();
    this.lastAtMs = m.atMs;
    this.touch(m, pos, nowMs);
  }

  /** `m` belongs to the window but is not counted (it repeats an observation already counted). */
  touch(m: FileMessage, pos: ParsedPosition, nowMs: number): void {
    const pinned = this.pins.get(pos.partition);
    if (pinned === undefined || pos.offset < pinned) this.pins.set(pos.partition, pos.offset);
    this.lastAtMs = Math.max(this.lastAtMs, m.atMs);
    this.lastSeenMs = nowMs;
  }

  /** `m` joins the window: counted once per raw event, its path listed once, texts merged. */
  add(m: FileMessage, pos: ParsedPosition, nowMs: number): void {
    this.touch(m, pos, nowMs);
    if (this.countedEvent !== m.eventId) this.count++;
    this.countedEvent = m.eventId;
    this.addPath(m.path);
    this.msg = mergeMsg(this.msg, m.msg);
  }

  /** Records that `eventId` is already counted elsewhere (in the immediate report), so its other messages are not. */
  markCounted(eventId: string): void {
    this.countedEvent = eventId;
  }

  /** Whether listing `paths` too keeps the window within the report's path budget. */
  fits(paths: Iterable<string>, maxPaths: number, maxChars: number): boolean {
    let n = this.paths.size;
    let length = this.joinedLength;
    for (const p of paths) {
      if (this.paths.has(p)) continue;
      length += (n === 0 ? 0 : PATH_SEPARATOR.length) + p.length;
      n++;
    }
    return n <= maxPaths && length <= maxChars;
  }

  /** Takes over `other`'s window: its count, paths, texts, pins and earlier start. */
  absorb(other: Aggregate): void {
    this.count += other.count;
    for (const p of other.paths) this.addPath(p);
    this.msg = mergeMsg(this.msg, other.msg);
    for (const [partition, offset] of other.pins) {
      const pinned = this.pins.get(partition);
      if (pinned === undefined || offset < pinned) this.pins.set(partition, offset);
    }
    if (other.count > 0 && other.startMs < this.startMs) {
      this.startMs = other.startMs;
      this.startAt = other.startAt;
    }
    this.lastAtMs = Math.max(this.lastAtMs, other.lastAtMs);
  }

  /** The window's path list as reported: comma-separated, in first-seen order. */
  pathList(): string {
    return [...this.paths].join(PATH_SEPARATOR);
  }

  /** The window's text as reported (a package window always reads as an install). */
  reportMsg(): string {
    return this.kind === 'package' ? AggregateMessages.PackagesUpdated : (this.msg ?? '');
  }

  private addPath(path: string): void {
    if (this.paths.has(path)) return;
    this.joinedLength += (this.paths.size === 0 ? 0 : PATH_SEPARATOR.length) + path.length;
    this.paths.add(path);
  }
}

/** Texts of one window: one kind of change keeps its text, different kinds read as a combination (seed). */
function mergeMsg(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  return AggregateMessages.FilesModified;
}
