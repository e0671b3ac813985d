import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HEALTH_CONTRIBUTORS } from './app-kit.di-tokens';
import type { HealthContributor } from './health-contributor';

/** GET /health: 200 when every contributor is up, 503 with the failing ones otherwise (Terminus). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_CONTRIBUTORS) private readonly contributors: HealthContributor[],
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check(
      this.contributors.map((c) => async () => {
        const session = this.indicators.check(c.healthName);
        try {
          const report = await c.health();
          return report.up ? session.up(report.details ?? {}) : session.down(report.details ?? {});
        } catch (e) {
          return session.down({ message: (e as Error).message });
        }
      }),
    );
  }
}
