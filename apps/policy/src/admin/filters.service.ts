import { Injectable } from '@nestjs/common';
import { type FileAccessFilterRule, type FileFilter, type FileMonitorProfile, filterKey, type GroupPolicy } from '@fsmon/contracts';
import { addFilter, customerFilter, PolicyProblem, removeFilter, replaceProfile, updateFilter } from '@fsmon/policy-domain';
import { ProblemError } from '../http/api.errors';
import type { Caller } from '../http/request.decorators';
import type { Tagged } from '../http/tagged';
import type { FilterPatchRequest, FilterRequest, ProfileRequest } from './dto/filter.request';
import { GroupsService } from './groups.service';
import { PolicyChanges } from './policy-changes.service';

/** One filter with its key and access rule (customer filters have one). */
export interface FilterView {
  key: string;
  filter: FileFilter;
  crd: boolean;
  accessRule: FileAccessFilterRule | null;
}

/** A group's profile and filters. Responses carry the group's ETag. */
@Injectable()
export class FiltersService {
  constructor(
    private readonly groups: GroupsService,
    private readonly changes: PolicyChanges,
  ) {}

  async profile(name: string): Promise<Tagged<FileMonitorProfile>> {
    return (await this.groups.get(name)).map((g) => g.profile);
  }

  async replaceProfile(name: string, req: ProfileRequest, caller: Caller): Promise<Tagged<FileMonitorProfile>> {
    return (await this.changes.edit(name, caller, 'profile.replace', (g, now) => replaceProfile(g, req, now))).map((g) => g.profile);
  }

  async list(name: string): Promise<Tagged<FilterView[]>> {
    return (await this.groups.get(name)).map(filterViews);
  }

  async get(name: string, key: string): Promise<Tagged<FilterView>> {
    return (await this.groups.get(name)).map((g) => viewOf(g, key));
  }

  async add(name: string, req: FilterRequest, caller: Caller): Promise<Tagged<FilterView>> {
    const parsed = customerFilter(req);
    // An unparsable filter is refused by addFilter inside edit(), before the key is needed.
    const key = parsed.ok ? filterKey(parsed.value) : '';
    return (await this.changes.edit(name, caller, 'filter.add', (g, now) => addFilter(g, req, now))).map((g) => viewOf(g, key));
  }

  async update(name: string, key: string, req: FilterPatchRequest, caller: Caller): Promise<Tagged<FilterView>> {
    return (await this.changes.edit(name, caller, 'filter.update', (g, now) => updateFilter(g, key, req, now))).map((g) => viewOf(g, key));
  }

  async remove(name: string, key: string, caller: Caller): Promise<Tagged<null>> {
    return (await this.changes.edit(name, caller, 'filter.remove', (g) => removeFilter(g, key))).map(() => null);
  }
}

function filterViews(g: GroupPolicy): FilterView[] {
  const view = (filter: FileFilter, crd: boolean): FilterView => {
    const rules = crd ? g.accessRule.filtersCRD : g.accessRule.filters;
    const key = filterKey(filter);
    return { key, filter, crd, accessRule: Object.hasOwn(rules, key) ? rules[key] : null };
  };
  return [...g.profile.filters.map((f) => view(f, false)), ...g.profile.filtersCRD.map((f) => view(f, true))];
}

function viewOf(g: GroupPolicy, key: string): FilterView {
  const found = filterViews(g).find((v) => v.key === key);
  if (!found) throw new ProblemError(PolicyProblem.notFound('FILTER_NOT_FOUND', `group "${g.name}" has no filter with key "${key}"`, { key }));
  return found;
}
