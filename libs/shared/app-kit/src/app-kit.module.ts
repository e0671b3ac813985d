import { type DynamicModule, Module, type InjectionToken } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HEALTH_CONTRIBUTORS } from './app-kit.di-tokens';
import type { HealthContributor } from './health-contributor';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

export interface AppKitOptions {
  app: string;
  logLevel: string;
  /** Providers (tokens) implementing HealthContributor that /health reports on. */
  health: InjectionToken[];
  /** Modules that export the health contributors. */
  imports?: DynamicModule['imports'];
}

/** Every fsmon app's common surface: JSON logs (pino), /health (Terminus), /metrics (prom-client). */
@Module({})
export class AppKitModule {
  static forRoot(options: AppKitOptions): DynamicModule {
    return {
      module: AppKitModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logLevel,
            base: { app: options.app },
            // Tokens never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        {
          provide: HEALTH_CONTRIBUTORS,
          inject: options.health,
          useFactory: (...contributors: HealthContributor[]) => contributors,
        },
      ],
    };
  }
}
