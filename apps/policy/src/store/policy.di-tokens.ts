/** The PolicyConfig (see policy.config.ts). */
export const POLICY_CONFIG = Symbol('POLICY_CONFIG');
