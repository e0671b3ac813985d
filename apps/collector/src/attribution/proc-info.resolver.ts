import { BoundedMap } from './bounded-map';
import { type ProcRecord, readProcRecord, readStat } from './proc-record';

export interface ProcResolverOptions {
  readonly procDir: string;
  readonly hostMntns: number;
  /** Processes kept (bounded, least recently revalidated evicted first). */
  readonly maxEntries: number;
  /**
   * How long (ms) a checked pid is trusted without reading its start time again. Default 0: it is
   * checked once per `now`, i.e. once per kernel batch (the intake passes one `now` per batch).
   */
  readonly revalidateMs?: number;
}

export interface ProcResolverCounters {
  lookups: number;
  hits: number;
  /** Full reads of a new process. */
  reads: number;
  /** The pid was gone when looked up: the last known holder of the pid was used, or nothing. */
  gone: number;
  /** The cached pid had been reused by another process (different start time). */
  reused: number;
}

/**
 * Attribution of file events to processes, on the event path. A pid's record is read from /proc the
 * first time (see readProcRecord) and cached per (pid, start time). Each lookup at a new `now`
 * (a new kernel batch) reads the pid's start time again (one small read), and a different one
 * means a new process, read afresh, so a reused pid never inherits another process's identity.
 *
 * Notification events are read after the fact: a process that already exited is attributed to the
 * last record of its pid if there is one (no other process can hold the pid while /proc has none),
 * else not at all. That a pid is gone is remembered for the rest of the batch, since a failed
 * /proc read costs more than a good one and a drained backlog is mostly of exited processes.
 */
export class ProcInfoResolver {
  private readonly cache: BoundedMap<number, ProcRecord>;
  private readonly revalidateMs: number;
  /** Pids found gone (with no record) at `goneAt`. */
  private readonly goneNow = new Set<number>();
  private goneAt = Number.NaN;
  readonly counters: ProcResolverCounters = { lookups: 0, hits: 0, reads: 0, gone: 0, reused: 0 };

  constructor(private readonly options: ProcResolverOptions) {
    this.cache = new BoundedMap(options.maxEntries);
    this.revalidateMs = options.revalidateMs ?? 0;
  }

  /** The process behind `pid` now (`now` = epoch ms of the batch), or null if unknown. */
  lookup(pid: number, now: number): ProcRecord | null {
    this.counters.lookups += 1;
    const hit = this.cache.get(pid);
    if (hit !== undefined && now - hit.checkedAt <= this.revalidateMs && now >= hit.checkedAt) {
      this.counters.hits += 1;
      return hit;
    }
    if (now !== this.goneAt) {
      this.goneNow.clear();
      this.goneAt = now;
    } else if (hit === undefined && this.goneNow.has(pid)) {
      this.counters.gone += 1;
      return null;
    }
    const stat = readStat(this.options.procDir, pid);
    if (stat === null) {
      this.counters.gone += 1;
      if (hit === undefined) this.goneNow.add(pid);
      // Still the last holder of the pid: trusted like a checked one.
      else hit.checkedAt = now;
      return hit ?? null;
    }
    if (hit !== undefined && hit.startTime === stat.startTime) {
      hit.checkedAt = now;
      this.cache.refresh(pid);
      this.counters.hits += 1;
      return hit;
    }
    if (hit !== undefined) this.counters.reused += 1;
    this.counters.reads += 1;
    const record = readProcRecord(this.options.procDir, pid, stat, this.options.hostMntns, now);
    this.cache.set(pid, record);
    return record;
  }

  get size(): number {
    return this.cache.size;
  }
}
