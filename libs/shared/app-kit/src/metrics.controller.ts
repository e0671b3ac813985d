import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

let defaultsCollected = false;

/** GET /metrics in Prometheus text format: the default registry every fsmon lib registers into. */
@Controller('metrics')
export class MetricsController {
  constructor() {
    // Process metrics are registered once per process: a second registration throws in prom-client.
    if (!defaultsCollected) {
      collectDefaultMetrics({ prefix: 'fsmon_' });
      defaultsCollected = true;
    }
  }

  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
