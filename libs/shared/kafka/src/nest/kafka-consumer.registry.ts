import { Injectable } from '@nestjs/common';
import type { ConsumerStats } from '../topic-consumer.types';

/** Anything that reports consumer stats: a TopicConsumer or an FsmonKafkaTransport. */
export interface ConsumerStatsSource {
  stats(): ConsumerStats;
}

/** The consumers whose state /health and /metrics report; KafkaModule provides one per app. */
@Injectable()
export class KafkaConsumerRegistry {
  private readonly sources = new Set<ConsumerStatsSource>();

  add(source: ConsumerStatsSource): void {
    this.sources.add(source);
  }

  remove(source: ConsumerStatsSource): void {
    this.sources.delete(source);
  }

  stats(): ConsumerStats[] {
    return [...this.sources].map((s) => s.stats());
  }
}
