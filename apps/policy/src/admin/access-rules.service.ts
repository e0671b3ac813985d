import { Injectable } from '@nestjs/common';
import type { FileAccessFilterRule, FileAccessRule } from '@fsmon/contracts';
import { PolicyProblem, setAccess } from '@fsmon/policy-domain';
import { ProblemError } from '../http/api.errors';
import type { Caller } from '../http/request.decorators';
import type { Tagged } from '../http/tagged';
import type { AccessRequest } from './dto/filter.request';
import { GroupsService } from './groups.service';
import { PolicyChanges } from './policy-changes.service';

/** A group's access rules: filter key → allowed apps, behavior, fail mode. */
@Injectable()
export class AccessRulesService {
  constructor(
    private readonly groups: GroupsService,
    private readonly changes: PolicyChanges,
  ) {}

  async list(name: string): Promise<Tagged<FileAccessRule>> {
    return (await this.groups.get(name)).map((g) => g.accessRule);
  }

  async get(name: string, key: string): Promise<Tagged<FileAccessFilterRule>> {
    return (await this.list(name)).map((rules) => {
      const rule = Object.hasOwn(rules.filters, key) ? rules.filters[key] : Object.hasOwn(rules.filtersCRD, key) ? rules.filtersCRD[key] : undefined;
      if (!rule) throw new ProblemError(PolicyProblem.notFound('ACCESS_RULE_NOT_FOUND', `group "${name}" has no access rule for "${key}"`, { key }));
      return rule;
    });
  }

  async set(name: string, key: string, req: AccessRequest, caller: Caller): Promise<Tagged<FileAccessFilterRule>> {
    return (await this.changes.edit(name, caller, 'access.set', (g, now) => setAccess(g, key, req, now))).map((g) => g.accessRule.filters[key]);
  }
}
