import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { HttpResponse } from './http.types';
import { mapApiError } from './api-error.mapping';

/** Renders every error as `{ error: { code, message, details? } }` (see mapApiError). */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PolicyApi');

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponse>();
    const mapped = mapApiError(e);
    if (mapped.unexpected) this.logger.error(`request failed: ${(e as Error).stack ?? String(e)}`);
    for (const [name, value] of Object.entries(mapped.headers ?? {})) res.setHeader(name, value);
    if (mapped.body) res.status(mapped.status).json(mapped.body);
    else res.status(mapped.status).json((e as HttpException).getResponse());
  }
}
