import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The policy app refuses shorter tokens (apps/policy/src/policy.env.ts MIN_TOKEN_LENGTH). */
const MIN_TOKEN_LENGTH = 32;
const TOKEN_PATTERN = /^[\x21-\x7e]{32,256}$/;

export const ADMIN_TOKEN_FILE = 'admin-token';

export type AdminTokens =
  | { source: 'env' }
  | { source: 'file'; file: string; token: string; created: boolean };

/**
 * The admin token of this run. POLICY_ADMIN_TOKENS set: the operator chose the tokens, nothing is
 * written. Unset: the token in `<dataDir>/admin-token` is reused (the CLI and scripts keep working
 * across restarts), or a new random one is written there, readable by its owner only (0600).
 */
export function adminTokens(dataDir: string, env: Record<string, string | undefined>): AdminTokens {
  if ((env.POLICY_ADMIN_TOKENS ?? '').trim() !== '') return { source: 'env' };
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (TOKEN_PATTERN.test(existing)) {
    // A copy restored or edited by hand may have lost its mode; the token grants admin rights.
    chmodSync(file, 0o600);
    return { source: 'file', file, token: existing, created: false };
  }
  const token = randomBytes(MIN_TOKEN_LENGTH).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
  return { source: 'file', file, token, created: true };
}
