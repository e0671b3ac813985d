import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { ProbeData } from '@fsmon/contracts';
import type { CollectorPipeline } from '../core/collector.pipeline';
import type { CollectorSnapshot } from '../core/collector.ports';
import type { CollectorViews } from '../core/collector.views';
import { COLLECTOR_PIPELINE, COLLECTOR_VIEWS } from '../nest/collector.di-tokens';
import { watchListing, type WorkloadWatchView } from './watch.listing';

/**
 * The collector's debug surface: GET /watches (the seed's GetWatches / GetWatchFileList; filter
 * with `?rootPid=` or `?id=`, leave out children with `?children=false`), GET /probe (the seed's
 * probe gauges plus counters), GET /status (what the status heartbeat carries).
 */
@Controller()
export class AdminController {
  constructor(
    @Inject(COLLECTOR_PIPELINE) private readonly pipeline: CollectorPipeline,
    @Inject(COLLECTOR_VIEWS) private readonly views: CollectorViews,
  ) {}

  @Get('watches')
  watches(@Query('rootPid') rootPid?: string, @Query('id') id?: string, @Query('children') children?: string): { workloads: WorkloadWatchView[] } {
    if (rootPid !== undefined && !/^\d{1,7}$/.test(rootPid)) throw new BadRequestException('rootPid must be a process id');
    if (children !== undefined && children !== 'true' && children !== 'false') throw new BadRequestException('children must be true or false');
    const selected = [...this.pipeline.parts.manager.all()].filter(
      (w) => (rootPid === undefined || w.workload.rootPid === Number(rootPid)) && (id === undefined || w.workload.identity?.id === id || (id === 'host' && w.workload.isHost)),
    );
    return { workloads: selected.map((w) => watchListing(w, children !== 'false')) };
  }

  @Get('probe')
  probe(): ProbeData {
    return this.views.probe();
  }

  @Get('status')
  status(): CollectorSnapshot {
    return this.views.snapshot();
  }
}
