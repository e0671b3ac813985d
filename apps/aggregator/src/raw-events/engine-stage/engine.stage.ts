import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { emptyMetrics, type AggregatorConfig, type AggregatorMetrics } from '@fsmon/aggregator-domain';
import type { RawConsumedMessage } from '@fsmon/kafka';
import type { OutgoingReport } from '../../reports/outgoing-report';
import type { SafeOffsets } from '../../reports/report-outbox.types';
import type { EngineReply, GapNotice, Rejection } from './engine.protocol';
import { EngineShard, GROUP_BYTES } from './engine.shard';

export interface EngineStageOptions {
  /** Worker threads; partition p goes to worker p % workers, so a partition's events stay in order. */
  workers: number;
  /** Raw-event bytes sent to the workers and not yet processed, at and above which `room()` waits. */
  queueBytes: number;
}

export interface EngineStageDeps {
  /** Reports to publish, per worker in the order it produced them. */
  onReports(reports: OutgoingReport[]): void;
  onGap(notice: GapNotice): void;
  /** Sends a message the engine could not accept to the dead-letter topic; rejects if the broker did not take it. */
  deadLetter(message: RawConsumedMessage, rejection: Rejection): Promise<void>;
  /** A worker crashed and was replaced: its windows and the messages queued to it are gone (re-read them). */
  onCrash(shard: number, error: Error): void;
  logger: LoggerService;
}

/** Workers that crash this many times in a row without a single reply are not started again. */
const MAX_CRASHES_WITHOUT_REPLY = 5;

/**
 * The grouping engine, run in worker threads: each decodes, validates and aggregates the raw-event
 * messages of its partitions (a ReportAggregator per worker), so the consuming thread only fetches.
 *
 * Commits. Each reply carries its reports and that worker's safe offsets, taken together; the
 * stage's `safeCommitOffsets()` is the union over the workers (their partitions are disjoint),
 * each partition held back further at any message whose dead letter is not yet acknowledged (once
 * it is, the worker is told it may pass it). A message still queued to a worker is not in its safe
 * offsets, so it is never committed.
 *
 * Memory. `room()` waits while `queueBytes` of raw values are queued to the workers; the cap on
 * live aggregates is split between the workers. The values travel in memory shared with each
 * worker (a HandOverRing of about `queueBytes`, its pages committed as they are first used).
 *
 * Crashes. A worker that dies is replaced at once by an empty one and `onCrash` is told: the owner
 * re-reads from the committed offsets. Its counters are kept so /metrics stays monotonic.
 */
export class EngineStage {
  private readonly shards: EngineShard[] = [];
  private readonly safe: Map<number, string>[] = [];
  private readonly latest: AggregatorMetrics[] = [];
  private readonly retired = emptyMetrics();
  /** Per partition, offsets whose dead letter is on its way. */
  private readonly deadLetterPins = new Map<number, bigint[]>();
  private waiters: (() => void)[] = [];
  private ticking?: Promise<unknown>;
  private crashesWithoutReply = 0;
  /** Bumped by every drop: a dead letter acknowledged after one must not move the (re-read) partition. */
  private generation = 0;
  private closed = false;
  /** Workers replaced after a crash. */
  restarts = 0;
  /** Raw-event messages the workers accepted (dead-lettered ones not included). */
  batchesIn = 0;
  /** Set when workers kept crashing before doing anything: consumption stays paused. */
  failure?: string;

  private readonly config: AggregatorConfig;

  constructor(
    config: AggregatorConfig,
    private readonly opts: EngineStageOptions,
    private readonly deps: EngineStageDeps,
  ) {
    this.config = shareOf(config, opts.workers);
    for (let i = 0; i < opts.workers; i++) this.spawn(i);
  }

  get workers(): number {
    return this.shards.length;
  }

  /** Hands a raw-events message to its partition's worker. */
  accept(message: RawConsumedMessage): void {
    this.shards[message.partition % this.shards.length].post(message);
  }

  /** Resolves once the workers' queue is below `queueBytes` (at once after close()); never while failed. */
  async room(): Promise<void> {
    while (!this.closed && (this.failure !== undefined || this.queuedBytes() >= this.opts.queueBytes)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Closes the windows whose hold has passed (their reports arrive through onReports); one tick at a time. */
  tick(): void {
    if (this.ticking || this.closed) return;
    this.ticking = Promise.allSettled(this.shards.map((s) => s.request({ op: 'tick' }))).finally(() => (this.ticking = undefined));
  }

  /** Closes every window once everything queued before is processed; resolves when their reports were handed over. */
  async flushAll(): Promise<void> {
    const results = await Promise.allSettled(this.shards.map((s) => s.request({ op: 'flushAll' })));
    for (const r of results) if (r.status === 'rejected') this.deps.logger.error(`flush: ${(r.reason as Error).message}`);
  }

  /** Forgets partitions after everything queued before them (see ReportAggregator.dropPartitions). */
  dropPartitions(partitions: number[]): void {
    this.generation++;
    for (const s of this.shards) s.request({ op: 'drop', partitions }).catch(() => undefined);
  }

  safeCommitOffsets(): SafeOffsets {
    const merged: SafeOffsets = new Map();
    for (const safe of this.safe) for (const [p, o] of safe) merged.set(p, o);
    for (const [p, pins] of this.deadLetterPins) {
      const current = merged.get(p);
      const lowest = pins.reduce((a, b) => (b < a ? b : a));
      if (current !== undefined && lowest < BigInt(current)) merged.set(p, lowest.toString());
    }
    return merged;
  }

  /** The workers' engine counters, crashed workers' included; `aggregates` is the live ones'. */
  metrics(): AggregatorMetrics {
    const sum = { ...this.retired, aggregates: 0 };
    for (const m of this.latest) for (const k of Object.keys(sum) as (keyof AggregatorMetrics)[]) sum[k] += m[k];
    return sum;
  }

  /** Live aggregates (as of the workers' last replies). */
  size(): number {
    return this.latest.reduce((n, m) => n + m.aggregates, 0);
  }

  /** Commands queued to the workers. */
  queued(): number {
    return this.shards.reduce((n, s) => n + s.queued, 0);
  }

  /** Ends the workers; what they still hold is dropped (flushAll first). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await Promise.all(this.shards.map((s) => s.close()));
  }

  private queuedBytes(): number {
    return this.shards.reduce((n, s) => n + s.queuedBytes, 0);
  }

  private spawn(i: number): void {
    // Values in flight to one worker: up to queueBytes, plus the batch that crossed it, plus what
    // a batch that did not fit before the ring's end leaves unused there.
    const ringBytes = this.opts.queueBytes + 2 * GROUP_BYTES;
    this.shards[i] = new EngineShard(
      i,
      this.config,
      {
        onReply: (reply, messages) => this.onReply(i, reply, messages),
        onCrash: (error) => this.onCrash(i, error),
      },
      ringBytes,
    );
    this.safe[i] = new Map();
    this.latest[i] = emptyMetrics();
  }

  private onReply(i: number, reply: EngineReply, messages: RawConsumedMessage[]): void {
    this.crashesWithoutReply = 0;
    // Dead letters first: their pins must hold the partition before `safe` (taken after the
    // whole batch, rejected messages passed as accepted) can reach a commit.
    messages.forEach((message, k) => {
      const rejection = reply.rejected?.[k];
      if (rejection === undefined) this.batchesIn++;
      else void this.deadLetter(message, rejection);
    });
    if (reply.safe !== undefined) this.safe[i] = new Map(reply.safe);
    this.latest[i] = reply.metrics;
    if (reply.reports.length > 0) this.deps.onReports(reply.reports);
    for (const gap of reply.gaps) this.deps.onGap(gap);
    if (this.queuedBytes() < this.opts.queueBytes) this.wake();
  }

  private onCrash(i: number, error: Error): void {
    const crashed = this.shards[i];
    const last = this.latest[i];
    for (const k of Object.keys(last) as (keyof AggregatorMetrics)[]) if (k !== 'aggregates') this.retired[k] += last[k];
    this.latest[i] = emptyMetrics();
    if (this.closed) return;
    this.crashesWithoutReply = crashed.replies === 0 ? this.crashesWithoutReply + 1 : 0;
    if (this.crashesWithoutReply >= MAX_CRASHES_WITHOUT_REPLY) {
      this.failure = `engine workers crashed ${this.crashesWithoutReply} times in a row before doing anything: ${error.message}`;
      this.deps.logger.error(this.failure);
      this.safe[i] = new Map();
      return;
    }
    this.restarts++;
    this.spawn(i);
    this.deps.onCrash(i, error);
    this.wake();
  }

  /** Publishes the dead letter, retrying; the partition is not committed past it meanwhile. */
  private async deadLetter(message: RawConsumedMessage, rejection: Rejection): Promise<void> {
    const offset = BigInt(message.offset);
    const generation = this.generation;
    const pins = this.deadLetterPins.get(message.partition) ?? [];
    pins.push(offset);
    this.deadLetterPins.set(message.partition, pins);
    for (let delay = 200; ; delay = Math.min(2 * delay, 5000)) {
      try {
        await this.deps.deadLetter(message, rejection);
        break;
      } catch (e) {
        // Closing with the dead letter unsent: the pin stays, the message is re-read by the next owner.
        if (this.closed) return;
        this.deps.logger.warn(`dead letter for raw-events[${message.partition}]@${message.offset} not sent, retrying: ${(e as Error).message}`);
        await sleep(delay);
      }
    }
    pins.splice(pins.indexOf(offset), 1);
    if (pins.length === 0 && this.deadLetterPins.get(message.partition) === pins) this.deadLetterPins.delete(message.partition);
    // Let the worker commit past it too (a poison message last in its partition would be read again).
    if (generation === this.generation && !this.closed) {
      this.shards[message.partition % this.shards.length].request({ op: 'skip', partition: message.partition, offset: message.offset }).catch(() => undefined);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Each worker's config: the cap on live aggregates is for the whole instance, so it is split. */
export function shareOf(config: AggregatorConfig, workers: number): AggregatorConfig {
  const maxAggregates = Math.ceil(config.maxAggregates / workers);
  return { ...config, maxAggregates, maxAggregatesPerContainer: Math.min(config.maxAggregatesPerContainer, maxAggregates) };
}
