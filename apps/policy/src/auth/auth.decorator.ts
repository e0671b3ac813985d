import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard, SCOPE_KEY } from './bearer-auth.guard';
import type { Scope } from './token-authority';

/** The route needs a bearer token of `scope` (admin implies read). */
export function Auth(scope: Scope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(SCOPE_KEY, scope),
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no or unknown bearer token' }),
    ...(scope === 'admin' ? [ApiForbiddenResponse({ description: 'FORBIDDEN: the token has only the read scope' })] : []),
  );
}
