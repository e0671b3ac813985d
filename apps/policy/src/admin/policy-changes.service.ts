import { Injectable } from '@nestjs/common';
import type { GroupPolicy } from '@fsmon/contracts';
import { etagFor, failure, ifMatchAllows, type Outcome, type PolicyAction, PolicyProblem, success } from '@fsmon/policy-domain';
import { ProblemError } from '../http/api.errors';
import type { Caller } from '../http/request.decorators';
import { Tagged } from '../http/tagged';
import { policyMetrics } from '../policy.metrics';
import { PolicyPublisher, type PushOutcome } from '../push/policy.publisher';
import { type ChangeRequest, type CommittedChange, GroupRepository } from '../store/group.repository';

/** A group edit: the new form of the group, or why not. `now` is the change's time (ISO). */
export type GroupEdit = (group: GroupPolicy, now: string) => Outcome<GroupPolicy>;

/**
 * Runs policy changes end to end: decide against the stored state, commit atomically (revision,
 * audit), then push the changed groups to the collectors. Refusals throw ProblemError.
 */
@Injectable()
export class PolicyChanges {
  constructor(
    private readonly repo: GroupRepository,
    private readonly publisher: PolicyPublisher,
  ) {}

  /** Commits `req` and pushes what changed; `push` is undefined when nothing changed. */
  async commit<T>(req: ChangeRequest<T>): Promise<{ value: T; committed: CommittedChange | null; push?: PushOutcome }> {
    const { value, committed } = await this.repo.change(req);
    if (!committed) return { value, committed };
    policyMetrics().changes.inc({ action: req.action });
    return { value, committed, push: await this.publisher.push(committed.policies) };
  }

  /** Creates a group; 409 GROUP_EXISTS if the name is taken. */
  async create(group: Outcome<GroupPolicy>, who: string): Promise<Tagged<GroupPolicy>> {
    if (!group.ok) throw new ProblemError(group.problem);
    const name = group.value.name;
    const r = await this.commit<Outcome<null>>({
      groups: [name],
      who,
      action: 'group.create',
      decide: ({ groups }) =>
        groups.get(name) ? { value: failure(PolicyProblem.conflict('GROUP_EXISTS', `group "${name}" already exists`, { name })) } : { value: success(null), updates: [{ name, after: group.value }] },
    });
    return this.tagged(r.value, r.committed, r.push);
  }

  /** Applies `edit` to an existing group: 404 when absent, 412 when If-Match does not hold. */
  async edit(name: string, caller: Caller, action: PolicyAction, edit: GroupEdit): Promise<Tagged<GroupPolicy>> {
    const r = await this.commit<Outcome<GroupPolicy>>({
      groups: [name],
      who: caller.who,
      action,
      decide: ({ groups }) => {
        const current = checked(name, groups.get(name) ?? null, caller);
        if (!current.ok) return { value: current };
        const next = edit(current.value, new Date().toISOString());
        return next.ok ? { value: next, updates: [{ name, after: next.value }] } : { value: next };
      },
    });
    return this.tagged(r.value, r.committed, r.push);
  }

  /** Deletes a group (pushed as a tombstone): 404 when absent, 412 when If-Match does not hold. */
  async remove(name: string, caller: Caller): Promise<Tagged<null>> {
    const r = await this.commit<Outcome<GroupPolicy>>({
      groups: [name],
      who: caller.who,
      action: 'group.delete',
      decide: ({ groups }) => {
        const current = checked(name, groups.get(name) ?? null, caller);
        return current.ok ? { value: current, updates: [{ name, after: null }] } : { value: current };
      },
    });
    if (!r.value.ok) throw new ProblemError(r.value.problem);
    return new Tagged(r.committed?.revision ?? r.value.value.revision, null, r.push);
  }

  private tagged(value: Outcome<unknown>, committed: CommittedChange | null, push: PushOutcome | undefined): Tagged<GroupPolicy> {
    if (!value.ok) throw new ProblemError(value.problem);
    const group = committed ? committed.policies[0] : (value.value as GroupPolicy);
    return new Tagged(group.revision, group, push);
  }
}

/** The group if it exists and If-Match holds. */
export function checked(name: string, current: GroupPolicy | null, caller: Caller): Outcome<GroupPolicy> {
  if (!current) return failure(PolicyProblem.notFound('GROUP_NOT_FOUND', `group "${name}" does not exist`, { name }));
  if (!ifMatchAllows(caller.ifMatch, current)) {
    return failure(PolicyProblem.precondition(`group "${name}" changed: If-Match ${caller.ifMatch ?? ''} is not its ETag ${etagFor(current.revision)}`, { etag: etagFor(current.revision) }));
  }
  return success(current);
}
