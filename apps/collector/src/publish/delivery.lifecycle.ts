import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EventPublisher } from '@fsmon/kafka';
import { COLLECTOR_DELIVERY_OPTIONS, LEARNED_RULES_PUBLISHER, RAW_EVENT_PUBLISHER, RAW_EVENT_SINK, STATUS_PUBLISHER } from './delivery.di-tokens';
import type { CollectorDeliveryOptions } from './delivery.options';
import { exposeDeliveryMetrics } from './delivery.metrics';
import type { LearnedRulesPublisher } from './learned-rules.publisher';
import type { RawEventPublisher } from './raw-event.publisher';
import { settleWithin } from '../lifecycle/settle-within';
import type { StatusPublisher } from './status.publisher';

/**
 * How long shutdown waits for the raw-event producer to disconnect after delivery stopped. It
 * waits for its sends in flight, and a send abandoned on a dead connection (see DeliveryPump.stop)
 * ends only at the request timeout: the process exit closes that connection instead.
 */
export const PRODUCER_CLOSE_WAIT_MS = 1000;

/**
 * Starts the publishers at module init (the spool is opened: an unusable SPOOL_DIR fails the
 * boot) and stops them at module destroy, bounded while the broker is away: learned rules get a
 * last flush and a status in flight is waited for, both until DELIVERY_STOP_DRAIN_MS; raw events
 * are drained for up to that long, then spooled; the raw-event producer gets
 * PRODUCER_CLOSE_WAIT_MS to disconnect. Modules that enqueue (they import this one) are destroyed
 * before it, so nothing is enqueued after the stop; the collector core hands its last coalescing
 * window to the raw-event publisher as it stops.
 */
@Injectable()
export class DeliveryLifecycle implements OnModuleInit, OnModuleDestroy {
  private unexpose?: () => void;
  private readonly logger = new Logger(DeliveryLifecycle.name);

  constructor(
    @Inject(RAW_EVENT_PUBLISHER) private readonly raw: RawEventPublisher,
    @Inject(STATUS_PUBLISHER) private readonly status: StatusPublisher,
    @Inject(LEARNED_RULES_PUBLISHER) private readonly learned: LearnedRulesPublisher,
    @Inject(RAW_EVENT_SINK) private readonly sink: EventPublisher,
    @Inject(COLLECTOR_DELIVERY_OPTIONS) private readonly options: CollectorDeliveryOptions,
  ) {}

  onModuleInit(): void {
    this.raw.start();
    this.status.start();
    this.learned.start();
    this.unexpose = exposeDeliveryMetrics({ raw: this.raw, status: this.status, learned: this.learned });
  }

  async onModuleDestroy(): Promise<void> {
    this.unexpose?.();
    const drainUntil = Date.now() + this.options.raw.stopDrainMs;
    await Promise.all([this.learned.stop(drainUntil), this.status.stop(drainUntil), this.raw.stop()]);
    if (!(await settleWithin(this.sink.disconnect(), Date.now() + PRODUCER_CLOSE_WAIT_MS))) {
      this.logger.warn(`the raw-event producer did not disconnect within ${PRODUCER_CLOSE_WAIT_MS} ms (a send in flight on an unreachable broker); its connections close with the process`);
    }
  }
}
