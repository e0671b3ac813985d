import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { Topics } from '@fsmon/contracts';
import { KafkaError, type EventPublisher } from '@fsmon/kafka';
import type { DeliveryQueue, Round } from './delivery.queue';
import type { DeliveryCounters, DeliveryState } from './delivery.stats';
import type { RawDeliveryOptions } from './raw-delivery.options';
import { SpoolError } from './spool/spool.error';
import { Wakeup } from './wakeup';

/** Where batches are sent: an EventPublisher (GZIP for every send: gzipAboveBytes 0). */
export type RawSink = Pick<EventPublisher, 'publishRaw'>;

type PumpOptions = Pick<RawDeliveryOptions, 'sendMaxBatches' | 'sendMaxBytes' | 'retryInitialMs' | 'retryMaxMs'>;

/**
 * Sends the queue's head, one send at a time, and removes it only once acknowledged. A send the
 * broker may accept later (unreachable, timeout, retriable error) is retried after a backoff,
 * before anything queued after it. A send refused for good is split into single batches to find
 * the culprit, which is dropped (`rejected`) and replaced by a gap notice; the others go on.
 */
export class DeliveryPump {
  private current: DeliveryState = 'idle';
  private halted = false;
  /** Set when stop() stopped waiting for a send in flight: whatever it ends with is ignored. */
  private abandoned = false;
  private running?: Promise<void>;
  private readonly wake = new Wakeup();
  private readonly abort = new AbortController();

  constructor(
    private readonly sink: RawSink,
    private readonly queue: DeliveryQueue,
    private readonly counters: DeliveryCounters,
    private readonly opts: PumpOptions,
    private readonly logger: LoggerService,
  ) {}

  get state(): DeliveryState {
    return this.current;
  }

  start(): void {
    this.running ??= this.loop().catch((e: unknown) => {
      this.current = 'stopped';
      this.logger.error(`raw-event delivery stopped by a bug: ${(e as Error).stack ?? String(e)}`);
    });
  }

  /** Something was queued. */
  notify(): void {
    this.wake.notify();
  }

  /**
   * Keeps sending until memory is empty, the broker is found down, or `drainMs` passed; then halts.
   * Resolves within `drainMs` (plus a tick) even when a send is still in flight then (a connect
   * retrying, a request to a dead connection waiting for its timeout): that send is abandoned, its
   * batches stay queued (for the caller to spool) and its outcome is ignored; if the broker did
   * take it after all, the next start sends it again: a duplicate, told apart by (collectorId, seq).
   * Returns whether a send was abandoned.
   */
  async stop(drainMs: number): Promise<boolean> {
    const deadline = Date.now() + drainMs;
    while (this.queue.memoryStats().batches > 0 && this.current !== 'backing-off' && Date.now() < deadline) await sleep(10);
    this.halted = true;
    this.abort.abort();
    this.wake.notify();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
    const ended = await Promise.race([this.running?.then(() => 'ended' as const) ?? 'ended', late]);
    clearTimeout(timer);
    if (ended === 'late') this.abandoned = true;
    return this.abandoned;
  }

  markStopped(): void {
    this.current = 'stopped';
  }

  private async loop(): Promise<void> {
    let backoff = this.opts.retryInitialMs;
    let isolate = 0;
    while (!this.halted) {
      let round: Round;
      try {
        round = this.queue.peek(isolate > 0 ? 1 : this.opts.sendMaxBatches, this.opts.sendMaxBytes);
      } catch (e) {
        if (!(e instanceof SpoolError)) throw e;
        this.counters.sendError(e.code, e.message);
        this.logger.error(e.message);
        backoff = await this.backOff(backoff);
        continue;
      }
      if (round.batches.length === 0) {
        this.current = 'idle';
        await this.wake.wait();
        continue;
      }
      if (this.current !== 'backing-off') this.current = 'sending';
      const outcome = await this.send(round);
      if (outcome === 'sent') {
        if (this.current === 'backing-off') this.logger.log('raw events are being delivered again');
        this.current = 'sending';
        backoff = this.opts.retryInitialMs;
        isolate = Math.max(0, isolate - 1);
      } else if (outcome === 'retry') {
        backoff = await this.backOff(backoff);
      } else if (outcome === 'isolate') {
        isolate = round.batches.length;
      } else if (outcome === 'closed') {
        this.halted = true;
      } else {
        isolate = Math.max(0, isolate - 1);
      }
    }
  }

  private async send(round: Round): Promise<'sent' | 'retry' | 'isolate' | 'dropped' | 'closed'> {
    try {
      await this.sink.publishRaw(
        Topics.RawEvents,
        round.batches.map((b) => ({ key: b.key, value: b.value })),
      );
    } catch (e) {
      if (this.abandoned) return 'closed';
      const error = e instanceof KafkaError ? e : undefined;
      this.counters.sendError(error?.code ?? 'UNKNOWN', (e as Error).message);
      if (error?.code === 'KAFKA_CLOSED') return 'closed';
      if (error?.retriable !== false) {
        if (this.current !== 'backing-off') this.logger.warn(`raw events cannot be delivered, holding them: ${(e as Error).message}`);
        this.current = 'backing-off';
        return 'retry';
      }
      if (round.batches.length > 1) return 'isolate';
      this.logger.error(`a raw-event batch for ${round.batches[0].key} was refused for good and is dropped: ${(e as Error).message}`);
      this.queue.reject(round);
      return 'dropped';
    }
    // Abandoned at stop: the round was spooled already and is sent again by the next start.
    if (this.abandoned) return 'closed';
    this.queue.ack(round);
    this.counters.sent.batches += round.batches.length;
    this.counters.sent.events += round.batches.reduce((n, b) => n + b.events, 0);
    return 'sent';
  }

  private async backOff(ms: number): Promise<number> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
    return Math.min(ms * 2, this.opts.retryMaxMs);
  }
}
