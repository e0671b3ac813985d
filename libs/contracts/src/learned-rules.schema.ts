import { z } from 'zod';
import { HostIdentity, shortText } from './common.schema';

/** Seed `CLUSFileAccessRuleReq`: process `path` opened a file of `filter` in `group`. */
export const LearnedRule = z.object({
  group: shortText.min(1),
  filter: z.string().min(1).max(8192),
  path: z.string().min(1).max(4096),
});
export type LearnedRule = z.infer<typeof LearnedRule>;

/** A batch on `fsmon.learned-rules.v1`. `batchId` makes a re-sent batch recognisable. */
export const LearnedRulesBatch = z.object({
  collectorId: shortText.min(1),
  host: HostIdentity,
  batchId: shortText.min(1),
  rules: z.array(LearnedRule).min(1).max(10_000),
});
export type LearnedRulesBatch = z.infer<typeof LearnedRulesBatch>;
