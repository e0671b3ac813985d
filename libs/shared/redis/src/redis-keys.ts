import { RedisUsageError } from './redis.errors';

const PREFIX = /^[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*:$/;

/**
 * Every Redis key fsmon uses, named in this one place, under one prefix: `fsmon:` in production, a
 * unique one per test (isolation without FLUSHDB). Variable parts are URI-encoded, so a group named
 * `a:b` can never collide with another key. The prefix must be `word(:word)*:`.
 */
export function redisKeys(prefix: string) {
  if (!PREFIX.test(prefix)) throw new RedisUsageError(`key prefix "${prefix}" must look like "fsmon:" or "test:name:"`);
  const key = (...parts: string[]) => prefix + parts.join(':');
  const name = (part: string) => {
    if (part.length === 0) throw new RedisUsageError('an empty name cannot be part of a Redis key');
    return encodeURIComponent(part);
  };
  return {
    prefix,
    /** String counter: the policy store's global revision, incremented by every committed change. */
    policyRevision: () => key('policy', 'revision'),
    /** Set: the names of every group. */
    groupNames: () => key('policy', 'groups'),
    /** One group's own record (selector, metadata, its version). */
    group: (group: string) => key('policy', 'group', name(group)),
    /** One group's file monitor profile. */
    profile: (group: string) => key('policy', 'profile', name(group)),
    /** One group's file access rule. */
    accessRule: (group: string) => key('policy', 'access-rule', name(group)),
    /** Stream: the audit trail, one entry per change (who, what, before, after, revision). */
    auditStream: () => key('policy', 'audit'),
    /** Anything else, e.g. a test's own keys: `<prefix>misc:<part>:<part>`. */
    misc: (...parts: string[]) => key('misc', ...parts.map(name)),
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
