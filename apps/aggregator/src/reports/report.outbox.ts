import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaClosedError } from '@fsmon/kafka';
import type { OutgoingReport } from './outgoing-report';
import type { OutboxStats, ReportOutboxDeps, ReportOutboxOptions, SafeOffsets } from './report-outbox.types';
import { ReportSender } from './report.sender';

/**
 * The reports on their way to the broker, in order, and the commits they gate. One send at a
 * time; a report leaves the queue only when acknowledged. A retriable failure (no broker) keeps
 * the reports and retries with backoff, for as long as it takes; a report the broker can never
 * take is isolated and dead-lettered. Commits come from checkpoints: `safeOffsets()` taken with
 * the queue as it is, committed once every report queued by then is acknowledged, so nothing is
 * committed ahead of its report, also under a steady stream. The queue is not capped: its
 * producers wait on `room()` instead of dropping.
 */
export class ReportOutbox {
  readonly stats: OutboxStats = { published: 0, sendFailures: 0, deadLettered: 0, lost: 0, commits: 0, commitFailures: 0, backpressureWaits: 0, backpressureMs: 0 };
  private readonly queue: OutgoingReport[] = [];
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private readonly sender: ReportSender;
  private busy?: Promise<void>;
  /** Reports at the head that go one per send (a batch failed for good). */
  private isolate = 0;
  /** Offsets to commit once the `ahead` reports queued before them are out. */
  private checkpoint?: { offsets: SafeOffsets; ahead: number };

  constructor(
    private readonly deps: ReportOutboxDeps,
    private readonly opts: ReportOutboxOptions,
  ) {
    this.sender = new ReportSender(deps.publisher, this.stats, deps.onPublished, deps.logger);
  }

  /** Reports queued or in flight. */
  get pending(): number {
    return this.queue.length;
  }

  get full(): boolean {
    return this.queue.length >= this.opts.queueMax;
  }

  get error(): string | undefined {
    return this.sender.lastError;
  }

  add(reports: readonly OutgoingReport[]): void {
    if (reports.length === 0) return;
    for (const r of reports) this.queue.push(r);
    this.kick();
  }

  /** Resolves when the queue is below `queueMax` (at once if it is, or after close()). */
  async room(): Promise<void> {
    if (!this.full || this.abort.signal.aborted) return;
    const started = Date.now();
    this.stats.backpressureWaits++;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.stats.backpressureMs += Date.now() - started;
  }

  /** With nothing pending or in flight, commits what is safe now (the periodic commit). */
  commitIfIdle(): void {
    if (this.busy || this.queue.length > 0 || this.abort.signal.aborted) return;
    this.busy = this.commit(this.deps.safeOffsets()).finally(() => this.settle());
  }

  /**
   * Publishes everything pending, then commits; gives up after `timeoutMs`. Resolves true when
   * every report was acknowledged (and the final commit attempted).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.busy || this.queue.length > 0) && Date.now() < deadline) {
      const timer = new AbortController();
      await Promise.race([this.busy ?? Promise.resolve(), sleep(deadline - Date.now(), undefined, { signal: timer.signal }).catch(() => undefined)]);
      timer.abort();
    }
    if (this.busy || this.queue.length > 0) return false;
    await this.commit(this.deps.safeOffsets());
    return true;
  }

  /** Stops retrying and releases every waiter; a send in flight still completes or fails. */
  close(): void {
    this.abort.abort();
    this.wake();
  }

  private kick(): void {
    this.busy ??= this.pump().finally(() => this.settle());
  }

  private settle(): void {
    this.busy = undefined;
    if (this.queue.length > 0 && !this.abort.signal.aborted) this.kick();
  }

  private async pump(): Promise<void> {
    let delay = this.opts.retryInitialMs ?? 200;
    while (this.queue.length > 0 && !this.abort.signal.aborted) {
      const size = this.isolate > 0 ? 1 : this.opts.publishBatch;
      const batch = this.queue.slice(0, size);
      // Every report returned so far is queued or acknowledged: the snapshot is safe once the queue as it is now is out.
      this.checkpoint ??= { offsets: this.deps.safeOffsets(), ahead: this.queue.length };
      const outcome = await this.sender.send(batch);
      if (outcome === 'retry') {
        await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
        delay = Math.min(delay * 2, this.opts.retryMaxMs ?? 5000);
        continue;
      }
      if (outcome === 'closed') return;
      if (outcome === 'split') {
        this.isolate = batch.length;
        continue;
      }
      delay = this.opts.retryInitialMs ?? 200;
      this.queue.splice(0, batch.length);
      this.isolate = Math.max(0, this.isolate - batch.length);
      this.wake();
      this.checkpoint.ahead -= batch.length;
      if (this.checkpoint.ahead <= 0) {
        const { offsets } = this.checkpoint;
        this.checkpoint = undefined;
        await this.commit(offsets);
      }
    }
  }

  private async commit(offsets: SafeOffsets): Promise<void> {
    if (offsets.size === 0) return;
    try {
      await this.deps.commit(offsets);
      this.stats.commits++;
    } catch (e) {
      if (e instanceof KafkaClosedError) return;
      this.stats.commitFailures++;
      this.deps.logger.warn(`commit failed (the events will be re-read, reports may repeat): ${(e as Error).message}`);
    }
  }

  private wake(): void {
    if (this.full && !this.abort.signal.aborted) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
