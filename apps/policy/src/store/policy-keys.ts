import type { RedisKeys } from '@fsmon/redis';

/**
 * The policy's Redis keys. Groups live in one hash (name → whole GroupPolicy JSON) so that one
 * HGETALL is a consistent snapshot of every group and one field is never half a group.
 */
export function policyKeys(keys: RedisKeys) {
  return {
    /** String counter: the global policy revision. */
    revision: keys.policyRevision(),
    /** Hash: group name → GroupPolicy JSON (stamped with the revision of its last change). */
    groups: keys.misc('policy-groups'),
    /** Stream: one entry per committed change (see AuditEntry). */
    audit: keys.auditStream(),
    /** Hash: collector id → CollectorRecord JSON. */
    collectors: keys.misc('collectors'),
    /** String with a TTL: this learned-rules batch was applied. */
    learnedBatch: (collectorId: string, batchId: string) => keys.misc('learned-batch', collectorId, batchId),
  };
}

export type PolicyKeys = ReturnType<typeof policyKeys>;
