import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EventPublisher } from '@fsmon/kafka';
import { LEARNED_RULES_PUBLISHER, RAW_EVENT_PUBLISHER, RAW_EVENT_SINK, STATUS_PUBLISHER } from './delivery.di-tokens';
import { exposeDeliveryMetrics } from './delivery.metrics';
import type { LearnedRulesPublisher } from './learned-rules.publisher';
import type { RawEventPublisher } from './raw-event.publisher';
import type { StatusPublisher } from './status.publisher';

/**
 * Starts the publishers at module init (the spool is opened: an unusable SPOOL_DIR fails the
 * boot) and stops them at module destroy: learned rules get a last flush, raw events are drained
 * or spooled, then the raw-event producer disconnects. Modules that enqueue (they import this
 * one) are destroyed before it, so nothing is enqueued after the stop.
 */
@Injectable()
export class DeliveryLifecycle implements OnModuleInit, OnModuleDestroy {
  private unexpose?: () => void;

  constructor(
    @Inject(RAW_EVENT_PUBLISHER) private readonly raw: RawEventPublisher,
    @Inject(STATUS_PUBLISHER) private readonly status: StatusPublisher,
    @Inject(LEARNED_RULES_PUBLISHER) private readonly learned: LearnedRulesPublisher,
    @Inject(RAW_EVENT_SINK) private readonly sink: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.raw.start();
    this.status.start();
    this.learned.start();
    this.unexpose = exposeDeliveryMetrics({ raw: this.raw, status: this.status, learned: this.learned });
  }

  async onModuleDestroy(): Promise<void> {
    this.unexpose?.();
    await Promise.all([this.learned.stop(), this.status.stop(), this.raw.stop()]);
    await this.sink.disconnect();
  }
}
