import { isoTime, ReportKind } from '@fsmon/contracts';
import { z } from 'zod';
import type { ReportFilter } from './recent-reports';

const text = z.string().min(1).max(4096);

/** GET /reports query parameters (all optional). */
export const ReportsQuery = z
  .object({
    host: text.optional(),
    container: text.optional(),
    path: text.optional(),
    kind: ReportKind.optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    limit: z
      .string()
      .regex(/^\d{1,7}$/, 'expected a positive integer')
      .transform(Number)
      .pipe(z.number().int().min(1, 'expected >= 1'))
      .optional(),
  })
  .strict();

export type ReportsQuery = z.infer<typeof ReportsQuery>;

export const DEFAULT_REPORTS_LIMIT = 100;

/** The filter for a validated query; `limit` defaults to 100 and is capped at `capacity`. */
export function toReportFilter(q: ReportsQuery, capacity: number): ReportFilter {
  return {
    host: q.host,
    container: q.container,
    path: q.path,
    kind: q.kind,
    sinceMs: q.since === undefined ? undefined : Date.parse(q.since),
    untilMs: q.until === undefined ? undefined : Date.parse(q.until),
    limit: Math.min(q.limit ?? DEFAULT_REPORTS_LIMIT, capacity),
  };
}
