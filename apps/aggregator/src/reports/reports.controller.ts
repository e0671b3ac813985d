import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { MonitorMessage } from '@fsmon/contracts';
import { AGGREGATOR_SETTINGS, RECENT_REPORTS } from '../aggregator.di-tokens';
import type { AggregatorSettings } from '../aggregator.env';
import type { RecentReports } from './recent-reports';
import { ReportsQuery, toReportFilter } from './reports.query';

/** GET /reports answer. */
export interface ReportsResponse {
  /** Always `instance`: only the reports this instance published (the reports topic has them all). */
  scope: 'instance';
  member: string;
  /** Reports this instance keeps (AGGREGATOR_RECENT_REPORTS) and how many it holds now. */
  capacity: number;
  held: number;
  returned: number;
  /** Newest first. */
  reports: MonitorMessage[];
}

/**
 * GET /reports?host=&container=&path=&kind=&since=&until=&limit= — the most recent reports this
 * instance published, newest first. `host`: host id or name; `container`: container id or name
 * (`host` for the host's own reports); `path`: substring of the path list; `kind`: a ReportKind;
 * `since`/`until`: ISO times the report's window [startAt, reportedAt] must overlap; `limit`:
 * default 100, at most the buffer size. Unknown or invalid parameters: 400 naming them.
 */
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(RECENT_REPORTS) private readonly recent: RecentReports,
    @Inject(AGGREGATOR_SETTINGS) private readonly settings: AggregatorSettings,
  ) {}

  @Get()
  list(@Query() query: Record<string, unknown>): ReportsResponse {
    const parsed = ReportsQuery.safeParse(query);
    if (!parsed.success) {
      throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`));
    }
    const reports = this.recent.query(toReportFilter(parsed.data, this.recent.capacity));
    return {
      scope: 'instance',
      member: this.settings.kafka.clientId,
      capacity: this.recent.capacity,
      held: this.recent.size,
      returned: reports.length,
      reports,
    };
  }
}
