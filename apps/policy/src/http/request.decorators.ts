import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from './http.types';

/** The audit name of the caller: `admin:token:<hash prefix>`. */
export const Who = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<HttpRequest>().principal;
  return principal ? `${principal.scope}:${principal.label}` : 'anonymous';
});

/** The If-Match header (undefined when absent). */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<HttpRequest>().headers['if-match'];
  return Array.isArray(value) ? value.join(',') : value;
});
