import { type FactoryProvider, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { PolicyConfig } from '../policy.config';
import { POLICY_CONFIG } from '../store/policy.di-tokens';

export const BODY_LIMIT = Symbol('BODY_LIMIT');

/**
 * Installs the JSON body parser with POLICY_BODY_LIMIT_BYTES (larger bodies: 413
 * PAYLOAD_TOO_LARGE). Nest registers its own 100 KiB parser during init unless one is already in
 * place; providers are built before init when the app comes from NestFactory.create (startApp), so
 * registering here takes precedence. The app kit offers no hook before listen (see main.ts).
 * Resolves to the limit applied, or null when no HTTP adapter was there yet (Nest's default applies).
 */
export const bodyLimitProvider: FactoryProvider = {
  provide: BODY_LIMIT,
  inject: [HttpAdapterHost, POLICY_CONFIG],
  useFactory: (host: HttpAdapterHost, config: PolicyConfig): number | null => {
    const adapter = host.httpAdapter as (typeof host.httpAdapter & { useBodyParser?: (type: string, raw: boolean, opts: object) => unknown }) | undefined;
    if (!adapter?.useBodyParser) {
      new Logger('BodyLimit').warn(`no HTTP adapter yet: the platform's default body limit applies instead of ${config.http.bodyLimitBytes} bytes`);
      return null;
    }
    adapter.useBodyParser('json', false, { limit: config.http.bodyLimitBytes });
    return config.http.bodyLimitBytes;
  },
};
