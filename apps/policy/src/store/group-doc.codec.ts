import { GroupPolicy } from '@fsmon/contracts';
import { StoredDataError } from './stored-data.error';

/** Parses a stored group (JSON of a GroupPolicy); StoredDataError when it does not validate. */
export function decodeGroup(key: string, json: string): GroupPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new StoredDataError(key, (e as Error).message);
  }
  const parsed = GroupPolicy.safeParse(raw);
  if (!parsed.success) throw new StoredDataError(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export function encodeGroup(group: GroupPolicy): string {
  return JSON.stringify(group);
}

export function parseRevision(value: string | null): number {
  const n = value === null ? 0 : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new StoredDataError('revision', `"${value}" is not a revision`);
  return n;
}
