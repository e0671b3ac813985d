import type { GroupPolicy } from '@fsmon/contracts';

/**
 * A group's ETag: its revision (the global revision of its last change), quoted. Revisions only
 * grow, so an ETag is never reused for different content.
 */
export function etagFor(revision: number): string {
  return `"${revision}"`;
}

/**
 * Whether an `If-Match` header lets a write proceed against `current` (RFC 9110 §13.1.1): absent →
 * yes; `*` → only if the group exists; otherwise one of the listed ETags (weak or strong; compared
 * by their opaque part) must be the current one.
 */
export function ifMatchAllows(ifMatch: string | undefined, current: Pick<GroupPolicy, 'revision'> | null): boolean {
  if (ifMatch === undefined || ifMatch.trim() === '') return true;
  if (ifMatch.trim() === '*') return current !== null;
  if (current === null) return false;
  const wanted = etagFor(current.revision);
  return ifMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === wanted);
}

/** The stored form of a change: the new revision and time on the group. */
export function stamp(group: GroupPolicy, revision: number, now: string): GroupPolicy {
  return { ...group, revision, updatedAt: now };
}

/** Whether two versions of a group differ in anything but their stamp (a no-op edit is no change). */
export function sameContent(a: GroupPolicy, b: GroupPolicy): boolean {
  return canonical(a) === canonical(b);
}

function canonical(g: GroupPolicy): string {
  return JSON.stringify({ ...g, revision: 0, updatedAt: '' });
}
