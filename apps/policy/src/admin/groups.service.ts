import { Injectable } from '@nestjs/common';
import type { GroupPolicy } from '@fsmon/contracts';
import { newGroup, PolicyProblem, setMode, setSelector } from '@fsmon/policy-domain';
import { ProblemError } from '../http/api.errors';
import type { Caller } from '../http/request.decorators';
import { Tagged } from '../http/tagged';
import { GroupRepository } from '../store/group.repository';
import type { CreateGroupRequest, ModeRequest, UpdateGroupRequest } from './dto/group.request';
import { PolicyChanges } from './policy-changes.service';

/** Groups: list, read, create (with the default filters), selector, mode, delete. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly repo: GroupRepository,
    private readonly changes: PolicyChanges,
  ) {}

  async list(): Promise<{ revision: number; groups: GroupPolicy[] }> {
    return this.repo.snapshot();
  }

  /** The group, or 404 GROUP_NOT_FOUND. */
  async get(name: string): Promise<Tagged<GroupPolicy>> {
    const group = await this.repo.get(name);
    if (!group) throw new ProblemError(PolicyProblem.notFound('GROUP_NOT_FOUND', `group "${name}" does not exist`, { name }));
    return new Tagged(group.revision, group);
  }

  create(req: CreateGroupRequest, who: string): Promise<Tagged<GroupPolicy>> {
    return this.changes.create(newGroup(req, new Date().toISOString()), who);
  }

  updateSelector(name: string, req: UpdateGroupRequest, caller: Caller): Promise<Tagged<GroupPolicy>> {
    return this.changes.edit(name, caller, 'group.selector', (g) => setSelector(g, req.selector));
  }

  setMode(name: string, req: ModeRequest, caller: Caller): Promise<Tagged<GroupPolicy>> {
    return this.changes.edit(name, caller, 'profile.mode', (g) => setMode(g, req.mode));
  }

  remove(name: string, caller: Caller): Promise<Tagged<null>> {
    return this.changes.remove(name, caller);
  }
}
