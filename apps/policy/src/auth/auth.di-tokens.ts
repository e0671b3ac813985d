/** The TokenAuthority built from POLICY_ADMIN_TOKENS / POLICY_READ_TOKENS. */
export const TOKEN_AUTHORITY = Symbol('TOKEN_AUTHORITY');
