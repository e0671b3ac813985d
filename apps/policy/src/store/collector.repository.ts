import { Inject, Injectable } from '@nestjs/common';
import { CollectorStatus, isoTime } from '@fsmon/contracts';
import { type CollectorRecord, nextCollectorRecord } from '@fsmon/policy-domain';
import { REDIS_STORE, type RedisStore } from '@fsmon/redis';
import { z } from 'zod';
import { parseRevision } from './group-doc.codec';
import { readHashSnapshot } from './hash-snapshot.script';
import { policyKeys, type PolicyKeys } from './policy-keys';
import { StoredDataError } from './stored-data.error';

const StoredRecord = z.object({
  status: CollectorStatus,
  receivedAt: isoTime,
  waitingFor: z.object({ revision: z.number().int().nonnegative(), since: isoTime }).nullable(),
});

/**
 * The last status of every collector, in Redis (one hash field per collector), so every policy
 * instance and restart shows the same /collectors.
 */
@Injectable()
export class CollectorRepository {
  private readonly keys: PolicyKeys;

  constructor(@Inject(REDIS_STORE) private readonly store: RedisStore) {
    this.keys = policyKeys(store.keys);
  }

  /** Keeps `status` unless an equal-or-newer one of the same collector run is already stored. */
  async record(status: CollectorStatus): Promise<'recorded' | 'outdated' | 'conflict'> {
    const revision = parseRevision(await this.store.get(this.keys.revision));
    const ref = { key: this.keys.collectors, field: status.collectorId };
    const result = await this.store.optimistic(
      [ref],
      ([json]) => {
        const prev = json === null ? null : this.decode(status.collectorId, json);
        const next = nextCollectorRecord(prev, status, revision, new Date().toISOString());
        if (next === 'outdated') return { value: 'outdated' as const, writes: [] };
        return { value: 'recorded' as const, writes: [{ op: 'hset', key: this.keys.collectors, fields: { [status.collectorId]: JSON.stringify(next) } }] };
      },
      { attempts: 5 },
    );
    return result === 'conflict' ? 'conflict' : result.value;
  }

  /** The current revision and every collector's record, read together. */
  async list(): Promise<{ revision: number; records: CollectorRecord[] }> {
    const snap = await readHashSnapshot(this.store, this.keys.revision, this.keys.collectors);
    return { revision: parseRevision(snap.value), records: [...snap.fields].map(([id, json]) => this.decode(id, json)) };
  }

  private decode(id: string, json: string): CollectorRecord {
    const key = `${this.keys.collectors}[${id}]`;
    try {
      const parsed = StoredRecord.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
      throw new StoredDataError(key, parsed.error.issues[0]?.message ?? 'schema');
    } catch (e) {
      throw e instanceof StoredDataError ? e : new StoredDataError(key, (e as Error).message);
    }
  }
}
