import { Logger, type LoggerService } from '@nestjs/common';
import type { DeliveryCounters, DropCause, QueueDepth } from './delivery.stats';
import type { SealedBatch } from './sealed-batch';
import type { Spool, SpooledBatch } from './spool/spool';
import { SpoolError } from './spool/spool.error';
import { recordSize } from './spool/spool-record.codec';
import type { SpoolLoss } from './spool/spool-segment';

/** The events a workload lost, to be announced by one gap notice on `key` (see makeGap). */
export interface PendingGap {
  readonly key: string;
  readonly scope: string;
  readonly since: string;
  lost: number;
}

/** Upper bound of a gap notice batch's size; no notice is built without this much room. */
const GAP_NOTICE_BYTES = 2048;

/** `front`: gap notices standing in for batches the broker refused, served before anything else. */
export type Round = { from: 'front' | 'memory'; batches: SealedBatch[] } | { from: 'spool'; batches: SpooledBatch[] };

export interface DeliveryQueueOptions {
  memoryMaxBytes: number;
  /** `undefined`: no spool; what does not fit in memory is dropped. */
  spool?: Spool;
  counters: DeliveryCounters;
  /** Builds the gap notice batch for a pending gap. */
  makeGap: (gap: PendingGap) => SealedBatch;
  /** Key and scope for losses whose workload is unknown (damaged spool records). */
  unknownWorkload: { key: string; scope: string };
  logger?: LoggerService;
}

/**
 * The ordered queue of sealed batches: memory first, then (once memory is full) the spool, and
 * only memory again once the spool is empty, so nothing overtakes older batches. A batch that
 * fits nowhere is dropped and counted, and its workload owes a gap notice. The notice is queued
 * once delivery resumes (the next acknowledgement that leaves room); until then that workload's
 * later batches are dropped too, so the notice sits exactly where its events went missing and a
 * nearly full spool does not fill up with notices.
 */
export class DeliveryQueue {
  private readonly front: SealedBatch[] = [];
  private readonly memory: SealedBatch[] = [];
  private readonly memoryDepth: QueueDepth = { batches: 0, events: 0, bytes: 0 };
  private readonly gaps = new Map<string, PendingGap>();
  private readonly logger: LoggerService;

  constructor(private readonly opts: DeliveryQueueOptions) {
    this.logger = opts.logger ?? new Logger(DeliveryQueue.name);
  }

  /** Queues a sealed batch, or drops and counts it. Returns whether it was queued. */
  push(batch: SealedBatch): boolean {
    if (this.gaps.has(batch.key)) {
      this.lose(batch, 'spool-full');
      return false;
    }
    const refused = this.admit(batch);
    if (refused) this.lose(batch, refused);
    return refused === undefined;
  }

  /** The oldest batches (from memory, else from the spool), left queued until `ack`. */
  peek(maxCount: number, maxBytes: number): Round {
    if (this.front.length > 0) return { from: 'front', batches: this.front.slice(0, maxCount) };
    if (this.memory.length > 0) {
      let bytes = 0;
      let n = 0;
      while (n < this.memory.length && n < maxCount && (n === 0 || bytes + this.memory[n].value.length <= maxBytes)) bytes += this.memory[n++].value.length;
      return { from: 'memory', batches: this.memory.slice(0, n) };
    }
    const spool = this.opts.spool;
    if (!spool || spool.empty) return { from: 'memory', batches: [] };
    const { batches, lost } = spool.peek(maxCount, maxBytes);
    this.spoolDamaged(lost);
    return { from: 'spool', batches };
  }

  /** Spooled batches were found damaged (at open or when read): counted, and a gap notice owed. */
  spoolDamaged(lost: SpoolLoss): void {
    if (lost.records === 0) return;
    this.logger.error(`spool: ${lost.records} damaged batch(es) dropped (${lost.events} events)`);
    this.opts.counters.drop('spool-corrupt', lost.events);
    this.owe(this.opts.unknownWorkload.key, this.opts.unknownWorkload.scope, lost.events);
  }

  /** The round returned by the last `peek` was delivered. */
  ack(round: Round): void {
    if (round.from === 'spool') this.opts.spool?.ack(round.batches);
    else if (round.from === 'front') this.front.splice(0, round.batches.length);
    else {
      for (const b of this.memory.splice(0, round.batches.length)) {
        this.memoryDepth.batches--;
        this.memoryDepth.events -= b.events;
        this.memoryDepth.bytes -= b.value.length;
      }
    }
    this.emitGaps();
  }

  /**
   * The single batch of `round` was refused for good: it is dropped (counted as `rejected`) and a
   * gap notice takes its place at the head, before the workload's later batches.
   */
  reject(round: Round): void {
    const [batch] = round.batches;
    this.ack(round);
    this.opts.counters.drop('rejected', batch.events);
    if (round.from !== 'front') this.front.push(this.opts.makeGap({ key: batch.key, scope: batch.key, since: new Date().toISOString(), lost: batch.events }));
  }

  private lose(batch: SealedBatch, cause: DropCause): void {
    this.opts.counters.drop(cause, batch.events);
    this.owe(batch.key, batch.key, batch.events);
  }

  /**
   * At shutdown: memory batches go before everything spooled, and the gap notices still owed go
   * after it, even past the spool's size limit (memory is bounded, and a notice is small), so a
   * restart resumes in the same order and still reports the losses. Returns the events that could
   * not be kept (no spool: counted as `stopped`; the spool failed: `spool-error`).
   */
  persist(): number {
    const spool = this.opts.spool;
    const held = [...this.front.splice(0), ...this.memory.splice(0)];
    const notices = [...this.gaps.values()].map((g) => this.opts.makeGap(g));
    this.gaps.clear();
    this.memoryDepth.batches = this.memoryDepth.events = this.memoryDepth.bytes = 0;
    if (!spool) return this.dropAll([...held, ...notices], 'stopped');
    let lost = this.keep(() => spool.prepend(held), held);
    for (const n of notices) lost += this.keep(() => spool.append(n), [n]);
    return lost;
  }

  memoryStats(): QueueDepth {
    return { ...this.memoryDepth };
  }

  get pendingGaps(): number {
    return this.gaps.size;
  }

  /** Whether nothing is queued (memory and spool), owed gap notices aside. */
  get empty(): boolean {
    return this.front.length === 0 && this.memory.length === 0 && (this.opts.spool?.empty ?? true);
  }

  private admit(batch: SealedBatch): DropCause | undefined {
    const spool = this.opts.spool;
    if ((!spool || spool.empty) && this.memoryDepth.bytes + batch.value.length <= this.opts.memoryMaxBytes) {
      this.memory.push(batch);
      this.memoryDepth.batches++;
      this.memoryDepth.events += batch.events;
      this.memoryDepth.bytes += batch.value.length;
      return undefined;
    }
    if (!spool || !spool.fits(recordSize(batch))) return 'spool-full';
    try {
      spool.append(batch);
      return undefined;
    } catch (e) {
      if (!(e instanceof SpoolError)) throw e;
      this.logger.error(e.message);
      return 'spool-error';
    }
  }

  private keep(write: () => void, batches: readonly SealedBatch[]): number {
    try {
      write();
      return 0;
    } catch (e) {
      if (!(e instanceof SpoolError)) throw e;
      this.logger.error(e.message);
      return this.dropAll(batches, 'spool-error');
    }
  }

  private dropAll(batches: readonly SealedBatch[], cause: DropCause): number {
    const events = batches.reduce((n, b) => n + b.events, 0);
    if (events > 0) this.opts.counters.drop(cause, events);
    return events;
  }

  private roomFor(bytes: number): boolean {
    const spool = this.opts.spool;
    if ((!spool || spool.empty) && this.memoryDepth.bytes + bytes <= this.opts.memoryMaxBytes) return true;
    return spool !== undefined && spool.fits(bytes);
  }

  private owe(key: string, scope: string, events: number): void {
    const gap = this.gaps.get(scope);
    if (gap) gap.lost += events;
    else this.gaps.set(scope, { key, scope, since: new Date().toISOString(), lost: events });
  }

  private emitGaps(): void {
    for (const [scope, gap] of this.gaps) {
      if (!this.roomFor(GAP_NOTICE_BYTES) || this.admit(this.opts.makeGap(gap)) !== undefined) return;
      this.gaps.delete(scope);
    }
  }
}
