import { Injectable } from '@nestjs/common';
import type { FileAccessFilterRule, FileAccessRule } from '@fsmon/contracts';
import { PolicyProblem, setAccess } from '@fsmon/policy-domain';
import { ProblemError } from '../http/api.errors';
import { Tagged } from '../http/tagged';
import type { AccessRequest } from './dto/filter.request';
import { GroupsService } from './groups.service';
import { type Caller, PolicyChanges } from './policy-changes.service';

/** A group's access rules: filter key → allowed apps, behavior, fail mode. */
@Injectable()
export class AccessRulesService {
  constructor(
    private readonly groups: GroupsService,
    private readonly changes: PolicyChanges,
  ) {}

  async list(name: string): Promise<Tagged<FileAccessRule>> {
    const { revision, body } = await this.groups.get(name);
    return new Tagged(revision, body.accessRule);
  }

  async get(name: string, key: string): Promise<Tagged<FileAccessFilterRule>> {
    const { revision, body } = await this.list(name);
    const rule = Object.hasOwn(body.filters, key) ? body.filters[key] : Object.hasOwn(body.filtersCRD, key) ? body.filtersCRD[key] : undefined;
    if (!rule) throw new ProblemError(PolicyProblem.notFound('ACCESS_RULE_NOT_FOUND', `group "${name}" has no access rule for "${key}"`, { key }));
    return new Tagged(revision, rule);
  }

  async set(name: string, key: string, req: AccessRequest, caller: Caller): Promise<Tagged<FileAccessFilterRule>> {
    const { revision, body, push } = await this.changes.edit(name, caller, 'access.set', (g, now) => setAccess(g, key, req, now));
    return new Tagged(revision, body.accessRule.filters[key], push);
  }
}
