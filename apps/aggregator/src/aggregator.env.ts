import { commonAppEnv, validateEnv } from '@fsmon/config';
import { z } from 'zod';

export const AggregatorEnv = z.object({
  ...commonAppEnv(3002),
  /** Consumer group shared by every aggregator instance: they split the raw-event partitions. */
  AGGREGATOR_GROUP_ID: z.string().min(1).max(128).default('fsmon-aggregator'),
});
export type AggregatorEnv = z.infer<typeof AggregatorEnv>;

export const loadAggregatorEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('aggregator', AggregatorEnv, env);
