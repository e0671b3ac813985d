import { createHash, timingSafeEqual } from 'node:crypto';

/** read: every GET; admin: read and every change. */
export type Scope = 'read' | 'admin';

/** Who a request is: its scope and a label that names the token without revealing it. */
export interface Principal {
  readonly scope: Scope;
  /** `token:<first 12 hex of its SHA-256>`; goes into the audit trail as `admin:<label>`. */
  readonly label: string;
}

interface KnownToken {
  readonly hash: Buffer;
  readonly principal: Principal;
}

/**
 * The configured bearer tokens, kept only as SHA-256 digests. `identify` hashes the presented token
 * and compares it with every known digest in constant time (timingSafeEqual, no early exit), so
 * neither a token nor its length leaks through timing. A token listed as admin and read is admin.
 */
export class TokenAuthority {
  private readonly known: KnownToken[];

  constructor(adminTokens: readonly string[], readTokens: readonly string[]) {
    const admin = new Set(adminTokens);
    const all = [...admin.keys(), ...[...new Set(readTokens)].filter((t) => !admin.has(t))];
    this.known = all.map((token) => {
      const hash = digest(token);
      return { hash, principal: { scope: admin.has(token) ? 'admin' : 'read', label: `token:${hash.toString('hex').slice(0, 12)}` } };
    });
  }

  /** How many tokens of each scope are configured (for the boot log; never the tokens). */
  get counts(): Record<Scope, number> {
    return { admin: this.known.filter((k) => k.principal.scope === 'admin').length, read: this.known.filter((k) => k.principal.scope === 'read').length };
  }

  identify(token: string): Principal | null {
    const presented = digest(token);
    let found: Principal | null = null;
    for (const k of this.known) if (timingSafeEqual(presented, k.hash)) found = k.principal;
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
