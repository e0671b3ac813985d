import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import type { HealthContributor, HealthReport } from '@fsmon/app-kit';
import { exposeCollectorMetrics } from '../admin/collector.metrics';
import type { CollectorPipeline } from '../core/collector.pipeline';
import type { CollectorSnapshot } from '../core/collector.ports';
import type { CollectorViews } from '../core/collector.views';
import { COLLECTOR_PIPELINE, COLLECTOR_VIEWS, CORE_STATUS } from './collector.di-tokens';

/** What the core needs of the status publisher (StatusPublisher satisfies it). */
export interface StatusSnapshotSink {
  setSnapshotProvider(provider: () => CollectorSnapshot): void;
}

/**
 * Runs the collector core inside the app: starts it once every module is initialised (the policy
 * has been read), gives the status publisher its snapshot, exposes /metrics figures, reports
 * /health (down when a kernel reader stopped), and stops it (bounded) at shutdown.
 */
@Injectable()
export class CollectorService implements OnApplicationBootstrap, OnModuleDestroy, HealthContributor {
  readonly healthName = 'collector';
  private unexpose: (() => void) | null = null;

  constructor(
    @Inject(COLLECTOR_PIPELINE) private readonly pipeline: CollectorPipeline,
    @Inject(COLLECTOR_VIEWS) private readonly views: CollectorViews,
    @Optional() @Inject(CORE_STATUS) private readonly status?: StatusSnapshotSink,
  ) {}

  onApplicationBootstrap(): void {
    this.pipeline.start();
    this.unexpose = exposeCollectorMetrics(this.pipeline, this.views);
    this.status?.setSnapshotProvider(() => this.views.snapshot());
  }

  async onModuleDestroy(): Promise<void> {
    this.unexpose?.();
    await this.pipeline.stop();
  }

  health(): HealthReport {
    const { kernel, manager, marks } = this.pipeline.parts;
    const errors = this.pipeline.degraded.map((e) => e.message);
    return {
      up: errors.length === 0,
      details: { fanotify: kernel.mode, workloads: [...manager.all()].length, marks: marks.marks, ...(errors.length > 0 ? { errors } : {}) },
    };
  }
}
