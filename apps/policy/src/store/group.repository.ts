import { Inject, Injectable } from '@nestjs/common';
import type { GroupPolicy } from '@fsmon/contracts';
import { auditFields, type AuditEntry, type GroupChange, type PolicyAction, sameContent, stamp } from '@fsmon/policy-domain';
import { REDIS_STORE, type RedisStore, type RedisWrite, type VersionRef } from '@fsmon/redis';
import type { PolicyConfig } from '../policy.config';
import { decodeGroup, encodeGroup, parseRevision } from './group-doc.codec';
import { readHashSnapshot } from './hash-snapshot.script';
import { POLICY_CONFIG } from './policy.di-tokens';
import { policyKeys, type PolicyKeys } from './policy-keys';
import { ConcurrentUpdateError } from './stored-data.error';

/** What a change decides from: the revision and the named groups (null: absent), read atomically. */
export interface ChangeState {
  readonly revision: number;
  readonly groups: ReadonlyMap<string, GroupPolicy | null>;
  /** The values of the request's marker keys, in order. */
  readonly markers: readonly (string | null)[];
}

export interface ChangePlan<T> {
  readonly value: T;
  /** Each changed group's new form (null: delete it). Updates that change nothing are dropped. */
  readonly updates?: readonly { readonly name: string; readonly after: GroupPolicy | null }[];
  readonly detail?: Record<string, unknown>;
  /** Written in the same commit, only when some group changed. */
  readonly extraWrites?: readonly RedisWrite[];
}

export interface ChangeRequest<T> {
  readonly groups: readonly string[];
  /** Extra string keys read with the state and guarded like it (e.g. a processed-batch marker). */
  readonly markers?: readonly string[];
  readonly who: string;
  readonly action: PolicyAction;
  readonly decide: (state: ChangeState) => ChangePlan<T>;
}

/** A committed change: its revision, audit entry, and the messages to push (tombstones for deletes). */
export interface CommittedChange {
  readonly revision: number;
  readonly entry: AuditEntry;
  readonly policies: readonly GroupPolicy[];
}

const ATTEMPTS = 50;

/**
 * The groups in Redis. Every change is one guarded commit (RedisStore.optimistic over the revision,
 * the touched groups and any markers): the groups' new JSON, the revision +1 and the audit entry land
 * together or not at all, so no reader sees half a change and revisions follow commit order. Two
 * round trips per change without contention; concurrent writers re-read and re-decide.
 * Errors: RedisUnavailableError (503), ConcurrentUpdateError (409), StoredDataError (500).
 */
@Injectable()
export class GroupRepository {
  private readonly keys: PolicyKeys;

  constructor(
    @Inject(REDIS_STORE) private readonly store: RedisStore,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {
    this.keys = policyKeys(store.keys);
  }

  /** The revision and every group, sorted by name, in one consistent read. */
  async snapshot(): Promise<{ revision: number; groups: GroupPolicy[] }> {
    const snap = await readHashSnapshot(this.store, this.keys.revision, this.keys.groups);
    const groups = [...snap.fields].map(([name, json]) => decodeGroup(`${this.keys.groups}[${name}]`, json));
    return { revision: parseRevision(snap.value), groups: groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  }

  async get(name: string): Promise<GroupPolicy | null> {
    const json = await this.store.hget(this.keys.groups, name);
    return json === null ? null : decodeGroup(`${this.keys.groups}[${name}]`, json);
  }

  async revision(): Promise<number> {
    return parseRevision(await this.store.get(this.keys.revision));
  }

  async change<T>(req: ChangeRequest<T>): Promise<{ value: T; committed: CommittedChange | null }> {
    const names = [...new Set(req.groups)];
    const markers = req.markers ?? [];
    const refs: VersionRef[] = [{ key: this.keys.revision }, ...names.map((field) => ({ key: this.keys.groups, field })), ...markers.map((key) => ({ key }))];
    let committed: CommittedChange | null = null;
    const result = await this.store.optimistic(
      refs,
      (current) => {
        const groups = new Map(names.map((n, i) => [n, current[i + 1] === null ? null : decodeGroup(`${this.keys.groups}[${n}]`, current[i + 1] as string)]));
        const state: ChangeState = { revision: parseRevision(current[0]), groups, markers: current.slice(1 + names.length) };
        const plan = req.decide(state);
        committed = this.stamped(req, state, plan);
        return { value: plan.value, writes: committed ? this.writes(committed, plan) : [] };
      },
      { attempts: ATTEMPTS },
    );
    if (result === 'conflict') throw new ConcurrentUpdateError(ATTEMPTS);
    return { value: result.value, committed };
  }

  private stamped<T>(req: ChangeRequest<T>, state: ChangeState, plan: ChangePlan<T>): CommittedChange | null {
    const changes: GroupChange[] = (plan.updates ?? [])
      .map((u) => ({ name: u.name, before: state.groups.get(u.name) ?? null, after: u.after }))
      .filter((c) => !(c.before === null ? c.after === null : c.after !== null && sameContent(c.before, c.after)));
    if (changes.length === 0) return null;
    const revision = state.revision + 1;
    const at = new Date().toISOString();
    const stampedChanges = changes.map((c) => ({ ...c, after: c.after && stamp(c.after, revision, at) }));
    const entry: AuditEntry = { revision, at, who: req.who, action: req.action, changes: stampedChanges, ...(plan.detail ? { detail: plan.detail } : {}) };
    const policies = stampedChanges.map((c) => c.after ?? { ...stamp(c.before as GroupPolicy, revision, at), deleted: true });
    return { revision, entry, policies };
  }

  private writes<T>(change: CommittedChange, plan: ChangePlan<T>): RedisWrite[] {
    const groupWrites = change.entry.changes.map((c): RedisWrite =>
      c.after ? { op: 'hset', key: this.keys.groups, fields: { [c.name]: encodeGroup(c.after) } } : { op: 'hdel', key: this.keys.groups, fields: [c.name] },
    );
    return [
      ...groupWrites,
      { op: 'incrby', key: this.keys.revision, by: 1 },
      { op: 'xadd', key: this.keys.audit, fields: auditFields(change.entry), maxLen: this.config.audit.maxEntries },
      ...(plan.extraWrites ?? []),
    ];
  }
}
