import type { GroupPolicy } from '@fsmon/contracts';

/** What kind of change an audit entry records. */
export type PolicyAction =
  | 'group.create'
  | 'group.selector'
  | 'group.delete'
  | 'profile.replace'
  | 'profile.mode'
  | 'filter.add'
  | 'filter.update'
  | 'filter.remove'
  | 'access.set'
  | 'learned-rules';

/** One group's two sides of a change: null before a create, null after a delete. */
export interface GroupChange {
  readonly name: string;
  readonly before: GroupPolicy | null;
  readonly after: GroupPolicy | null;
}

/** One committed change: who did what to which groups, with before/after, under one revision. */
export interface AuditEntry {
  /** The stream entry id (absent before it is written). */
  readonly id?: string;
  readonly revision: number;
  readonly at: string;
  /** `admin:<token label>`, `collector:<id>`, `system`. */
  readonly who: string;
  readonly action: PolicyAction;
  readonly changes: readonly GroupChange[];
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The audit stream fields of an entry (flat strings; JSON for the structured parts). */
export function auditFields(entry: AuditEntry): Record<string, string> {
  return {
    revision: String(entry.revision),
    at: entry.at,
    who: entry.who,
    action: entry.action,
    groups: JSON.stringify(entry.changes.map((c) => c.name)),
    changes: JSON.stringify(entry.changes),
    ...(entry.detail ? { detail: JSON.stringify(entry.detail) } : {}),
  };
}

/** Reads an entry back; undefined when the fields are not an audit entry (never throws). */
export function parseAuditFields(id: string, fields: Readonly<Record<string, string>>): AuditEntry | undefined {
  try {
    const revision = Number(fields['revision']);
    if (!Number.isSafeInteger(revision) || fields['action'] === undefined || fields['changes'] === undefined) return undefined;
    return {
      id,
      revision,
      at: fields['at'] ?? '',
      who: fields['who'] ?? '',
      action: fields['action'] as PolicyAction,
      changes: JSON.parse(fields['changes']) as GroupChange[],
      ...(fields['detail'] === undefined ? {} : { detail: JSON.parse(fields['detail']) as Record<string, unknown> }),
    };
  } catch {
    return undefined;
  }
}
