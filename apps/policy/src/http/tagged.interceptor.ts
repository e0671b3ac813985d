import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { HttpResponse } from './http.types';
import { map, type Observable } from 'rxjs';
import { etagFor } from '@fsmon/policy-domain';
import { Tagged } from './tagged';

/** Unwraps Tagged results into their body plus version headers. */
@Injectable()
export class TaggedInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<HttpResponse>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Tagged)) return result;
        res.setHeader('ETag', etagFor(result.revision));
        res.setHeader('X-Policy-Revision', String(result.revision));
        if (result.push) res.setHeader('X-Policy-Push', result.push);
        return result.body;
      }),
    );
  }
}
