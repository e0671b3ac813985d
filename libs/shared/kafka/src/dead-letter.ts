import { DeadLetterHeaders, type DecodeFailureCause } from '@fsmon/contracts';
import { Counter, register } from 'prom-client';

/** Why a message was dead-lettered: the `cause` label of `fsmon_kafka_dead_letters_total`. */
export type DeadLetterCause = DecodeFailureCause | 'handler-error';

/** Where a dead-lettered message came from. */
export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  headers: Record<string, string>;
}

const METRIC = 'fsmon_kafka_dead_letters_total';

/** The dead-letter counter in prom-client's default registry (one per process). */
export function deadLetterCounter(): Counter<'topic' | 'cause'> {
  const existing = register.getSingleMetric(METRIC) as Counter<'topic' | 'cause'> | undefined;
  return existing ?? new Counter({ name: METRIC, help: 'Messages consumers could not accept, sent to fsmon.dead-letters.v1', labelNames: ['topic', 'cause'] });
}

/** The original headers plus the DeadLetterHeaders describing reason and origin. */
export function deadLetterHeaders(origin: DeadLetterOrigin, reason: string, now = new Date()): Record<string, string> {
  return {
    ...origin.headers,
    [DeadLetterHeaders.Reason]: reason.slice(0, 4096),
    [DeadLetterHeaders.OriginalTopic]: origin.topic,
    [DeadLetterHeaders.OriginalPartition]: String(origin.partition),
    [DeadLetterHeaders.OriginalOffset]: origin.offset,
    [DeadLetterHeaders.ConsumerGroup]: origin.groupId,
    [DeadLetterHeaders.FailedAt]: now.toISOString(),
  };
}
