import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError } from '../http/api.errors';
import type { HttpRequest } from '../http/http.types';
import { TOKEN_AUTHORITY } from './auth.di-tokens';
import type { Scope, TokenAuthority } from './token-authority';

export const SCOPE_KEY = 'fsmon:policy:scope';

const BEARER = /^Bearer +([\x21-\x7e]{1,256})$/i;

/**
 * Lets a request through when it carries `Authorization: Bearer <token>` for a known token whose
 * scope covers the route's (`@Auth(scope)`; admin when unset, so a forgotten scope fails closed).
 * 401 without a valid token, 403 with a read token on an admin route. The token itself is never
 * logged or echoed.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_AUTHORITY) private readonly authority: TokenAuthority,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const needed = this.reflector.getAllAndOverride<Scope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]) ?? 'admin';
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const header = req.headers['authorization'];
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) throw new AuthError('UNAUTHORIZED', 'an "Authorization: Bearer <token>" header is required');
    const principal = this.authority.identify(token);
    if (!principal) throw new AuthError('UNAUTHORIZED', 'the bearer token is not valid');
    if (needed === 'admin' && principal.scope !== 'admin') throw new AuthError('FORBIDDEN', 'this operation needs a token with the admin scope');
    req.principal = principal;
    return true;
  }
}
