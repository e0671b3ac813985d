import { Inject, Injectable } from '@nestjs/common';
import { type AuditEntry, parseAuditFields } from '@fsmon/policy-domain';
import { REDIS_STORE, type RedisStore } from '@fsmon/redis';
import { policyKeys } from './policy-keys';

/** Reads the audit stream, newest first. */
@Injectable()
export class AuditReader {
  constructor(@Inject(REDIS_STORE) private readonly store: RedisStore) {}

  /** Up to `limit` entries older than the entry id `before` (exclusive), or the newest ones. */
  async list(limit: number, before?: string): Promise<AuditEntry[]> {
    const entries = await this.store.xrevrange(policyKeys(this.store.keys).audit, { start: before ? `(${before}` : '+', count: limit });
    return entries.flatMap((e) => parseAuditFields(e.id, e.fields) ?? []);
  }
}
