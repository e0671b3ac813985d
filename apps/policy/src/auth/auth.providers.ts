import { type FactoryProvider, Logger } from '@nestjs/common';
import type { PolicyConfig } from '../policy.config';
import { POLICY_CONFIG } from '../store/policy.di-tokens';
import { TOKEN_AUTHORITY } from './auth.di-tokens';
import { TokenAuthority } from './token-authority';

/** The TokenAuthority; logs how many tokens of each scope exist (never the tokens). */
export const tokenAuthorityProvider: FactoryProvider = {
  provide: TOKEN_AUTHORITY,
  inject: [POLICY_CONFIG],
  useFactory: (config: PolicyConfig) => {
    const authority = new TokenAuthority(config.auth.adminTokens, config.auth.readTokens);
    const { admin, read } = authority.counts;
    const logger = new Logger('Auth');
    if (admin === 0) logger.warn('no POLICY_ADMIN_TOKENS: the admin API refuses every change');
    else logger.log(`${admin} admin token(s), ${read} read-only token(s)`);
    return authority;
  },
};
