import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from './http.types';

/** Who asks (their audit name), and the If-Match they sent: what every change of a group needs. */
export interface Caller {
  readonly who: string;
  readonly ifMatch?: string;
}

/** The audit name of the caller: `<scope>:token:<hash prefix>` (never the token). */
function who(req: HttpRequest): string {
  return req.principal ? `${req.principal.scope}:${req.principal.label}` : 'anonymous';
}

/** The If-Match header (undefined when absent; repeated headers joined as one list). */
function ifMatch(req: HttpRequest): string | undefined {
  const value = req.headers['if-match'];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The caller's audit name, for changes that take no If-Match (creating a group). */
export const Who = createParamDecorator((_: unknown, ctx: ExecutionContext): string => who(ctx.switchToHttp().getRequest<HttpRequest>()));

/** The Caller of a change to an existing group: audit name and If-Match. */
export const ChangeCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<HttpRequest>();
  return { who: who(req), ifMatch: ifMatch(req) };
});
