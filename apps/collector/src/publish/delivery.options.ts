import type { EventPublisherOptions } from '@fsmon/kafka';
import type { CollectorIdentity } from './collector-identity';
import type { LearnedRulesPublisherOptions } from './learned-rules.publisher';
import type { RawDeliveryOptions } from './raw-delivery.options';

/** What CollectorDeliveryModule needs; see deliveryOptionsFromEnv. */
export interface CollectorDeliveryOptions {
  identity: CollectorIdentity;
  raw: RawDeliveryOptions;
  /** `version` defaults to fsmon's package.json version. */
  status: { intervalMs: number; version?: string };
  learned: LearnedRulesPublisherOptions;
  /** The raw-event producer's own retries before a send counts as failed (defaults: see createRawSink). */
  rawProducer?: Omit<EventPublisherOptions, 'gzipAboveBytes'>;
}
