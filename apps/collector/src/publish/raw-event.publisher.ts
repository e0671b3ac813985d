import { Logger, type LoggerService } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import { checkOwnedRawEvent, MAX_VALUE_BYTES, RawBatchEntry, type GapRawEvent, type RawEvent } from '@fsmon/contracts';
import type { CollectorIdentity } from './collector-identity';
import { DeliveryPump, type RawSink } from './delivery.pump';
import { DeliveryQueue, type PendingGap } from './delivery.queue';
import { DeliveryCounters, type DeliveryStats } from './delivery.stats';
import { RawBatchBuilder } from './raw-batch.builder';
import type { RawDeliveryOptions } from './raw-delivery.options';
import { rawEventKey } from './sealed-batch';
import { Spool } from './spool/spool';
import type { SpoolLoss } from './spool/spool-segment';

/** Room left in a value for the batch envelope around a single event. */
const MAX_EVENT_BYTES = MAX_VALUE_BYTES - 4096;
const INVALID_LOG_INTERVAL_MS = 10_000;

/**
 * Delivers the collector's raw events to `fsmon.raw-events.v1`, in order per workload, without
 * losing any silently. `enqueue` validates each event against the contract, batches per Kafka key
 * (see RawBatchBuilder) and returns at once. Sealed batches wait in a bounded memory queue, then
 * in the on-disk spool, while the broker is unreachable; one send is in flight at a time and a
 * failed send is retried before anything after it, so a retry cannot reorder a workload's
 * events (it may duplicate a batch the broker had in fact stored: (collectorId, seq) tells them
 * apart). What fits nowhere is dropped, counted by cause, and announced by a gap event on the
 * workload's key ('spool-full', with the count lost) once there is room again.
 */
export class RawEventPublisher implements HealthContributor {
  readonly healthName = 'delivery';
  private readonly counters = new DeliveryCounters();
  private readonly builder: RawBatchBuilder;
  private readonly queue: DeliveryQueue;
  private readonly pump: DeliveryPump;
  private readonly spool?: Spool;
  private readonly logger: LoggerService;
  private readonly eventId: () => string;
  private lastInvalidLog = 0;
  private started = false;
  private stopping?: Promise<void>;

  constructor(
    sink: RawSink,
    private readonly identity: CollectorIdentity,
    private readonly opts: RawDeliveryOptions,
    logger?: LoggerService,
  ) {
    this.logger = logger ?? new Logger(RawEventPublisher.name);
    let gapSeq = 0;
    this.eventId = opts.eventId ?? (() => `${identity.collectorId}:delivery-gap:${Date.now()}:${gapSeq++}`);
    this.spool = opts.spoolMaxBytes > 0 ? new Spool({ dir: opts.spoolDir, maxBytes: opts.spoolMaxBytes, segmentBytes: opts.spoolSegmentBytes }) : undefined;
    this.builder = new RawBatchBuilder({ ...identity, maxEvents: opts.maxBatchEvents, maxBytes: opts.maxBatchBytes, lingerMs: opts.lingerMs }, (b) => {
      if (this.queue.push(b)) this.pump.notify();
    });
    this.queue = new DeliveryQueue({
      memoryMaxBytes: opts.memoryMaxBytes,
      spool: this.spool,
      counters: this.counters,
      makeGap: (gap) => this.gapNotice(gap),
      unknownWorkload: { key: rawEventKey(identity.host.id, null), scope: `${identity.host.id}/*` },
      logger: this.logger,
    });
    this.pump = new DeliveryPump(sink, this.queue, this.counters, opts, this.logger);
  }

  /**
   * Opens the spool (delivering what a previous run left there first) and starts sending.
   * @throws SpoolError when the spool directory cannot be used.
   */
  start(): SpoolLoss {
    const loss = this.spool?.open() ?? { records: 0, events: 0 };
    this.queue.spoolDamaged(loss);
    const left = this.spool?.stats();
    if (left && left.batches > 0) this.logger.log(`spool: delivering ${left.batches} batches (${left.events} events) left by a previous run`);
    this.started = true;
    this.pump.start();
    return loss;
  }

  /**
   * Queues events; never blocks, never throws. File events go to their container's key (the
   * host's when `container` is null); events without a workload (gaps) go to `containerId`'s
   * key, the host's by default. Invalid events are dropped and counted (`invalid`). The events
   * are the publisher's from here: zod's defaults are filled into them (checkOwnedRawEvent).
   */
  enqueue(events: readonly RawEvent[], containerId: string | null = null): void {
    if (this.stopping || !this.started) {
      this.counters.drop('stopped', events.length);
      return;
    }
    for (const event of events) {
      const checked = checkOwnedRawEvent(event);
      if (!checked.ok) {
        this.counters.drop('invalid', 1);
        this.logInvalid(event, checked.reason);
        continue;
      }
      const value = checked.value;
      const entry = new RawBatchEntry(value);
      if (entry.isLargerThan(MAX_EVENT_BYTES)) {
        this.counters.drop('too-large', 1);
        this.logInvalid(event, `${entry.bytesAlone()} bytes exceed ${MAX_EVENT_BYTES}`);
        continue;
      }
      this.builder.add(rawEventKey(this.identity.host.id, value.type === 'file' ? (value.container?.id ?? null) : containerId), entry);
    }
  }

  /** Seals the collecting batches now instead of after the linger time. */
  flush(): void {
    this.builder.sealAll();
  }

  /**
   * Seals what is collecting, keeps sending for up to `stopDrainMs`, then puts what is still in
   * memory (and the gap notices owed) into the spool for the next start. Resolves within about
   * `stopDrainMs` even while the broker is unreachable: a send still in flight then is abandoned
   * and its batches kept for the next start (see DeliveryPump.stop). Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.builder.sealAll();
      this.builder.dispose();
      if (!this.started) return;
      if (await this.pump.stop(this.opts.stopDrainMs)) this.logger.warn(`a raw-event send was still in flight after ${this.opts.stopDrainMs} ms; its batches are kept for the next start (it may be delivered twice)`);
      const lost = this.queue.persist();
      if (lost > 0) this.logger.error(`${lost} undelivered events could not be kept for the next start (counted)`);
      try {
        this.spool?.close();
      } catch (e) {
        this.logger.error((e as Error).message);
      }
      this.pump.markStopped();
    })();
    return this.stopping;
  }

  stats(): DeliveryStats {
    const spool = this.spool?.stats() ?? { segments: 0, batches: 0, events: 0, diskBytes: 0 };
    return {
      state: this.pump.state,
      open: { events: this.builder.openEvents, bytes: this.builder.openBytes },
      memory: this.queue.memoryStats(),
      spool: { ...spool, enabled: this.spool !== undefined },
      sent: { ...this.counters.sent },
      dropped: { ...this.counters.dropped },
      sendErrors: { ...this.counters.sendErrors },
      pendingGaps: this.queue.pendingGaps,
      lastError: this.counters.lastError,
    };
  }

  /** Down once stopped, or while events are being lost for lack of room (a gap notice is owed). */
  health(): HealthReport {
    const stats = this.stats();
    return { up: stats.state !== 'stopped' && stats.pendingGaps === 0, details: { ...stats } };
  }

  private gapNotice(gap: PendingGap) {
    const event: GapRawEvent = { type: 'gap', id: this.eventId(), at: gap.since, reason: 'spool-full', scope: gap.scope, lost: gap.lost };
    return this.builder.build(gap.key, [new RawBatchEntry(event)]);
  }

  private logInvalid(event: unknown, reason: string): void {
    const now = Date.now();
    if (now - this.lastInvalidLog < INVALID_LOG_INTERVAL_MS) return;
    this.lastInvalidLog = now;
    const id = typeof event === 'object' && event !== null && 'id' in event ? String(event.id) : '?';
    this.logger.error(`raw event ${id} dropped (counted; further ones logged at most every ${INVALID_LOG_INTERVAL_MS / 1000} s): ${reason}`);
  }
}
