import type { FileAccessRule, GroupPolicy } from '@fsmon/contracts';
import type { Command } from '../command';
import { type FilterView, formatGroup, formatGroupList, formatRules } from '../format/group.format';
import { seg } from '../policy-client';
import { policyApi } from './policy-api';

export const groupList: Command = {
  words: ['group', 'list'],
  args: [],
  summary: 'list the groups with their mode and selector',
  async run({ flags, sources, io }) {
    const { body } = await policyApi(sources).get<{ revision: number; groups: GroupPolicy[] }>('/groups');
    if (flags.json === true) return io.out(JSON.stringify(body, null, 2));
    for (const line of formatGroupList(body.groups, body.revision)) io.out(line);
  },
};

export const groupShow: Command = {
  words: ['group', 'show'],
  args: ['group'],
  summary: "show a group's mode, selector, filters and allowed apps",
  async run({ args: [name], flags, sources, io }) {
    const api = policyApi(sources);
    const group = await api.get<GroupPolicy>(`/groups/${seg(name)}`);
    if (flags.json === true) return io.out(JSON.stringify(group.body, null, 2));
    const filters = await api.get<FilterView[]>(`/groups/${seg(name)}/filters`);
    for (const line of formatGroup(group.body, filters.body)) io.out(line);
  },
};

export const groupRulesShow: Command = {
  words: ['group', 'rules', 'show'],
  args: ['group'],
  summary: "show a group's access rules: per custom filter, the apps allowed (learned ones included)",
  async run({ args: [name], flags, sources, io }) {
    const api = policyApi(sources);
    const rules = await api.get<FileAccessRule>(`/groups/${seg(name)}/access-rules`);
    if (flags.json === true) return io.out(JSON.stringify(rules.body, null, 2));
    const filters = await api.get<FilterView[]>(`/groups/${seg(name)}/filters`);
    const patterns = new Map(filters.body.map((v) => [v.key, v.filter.filter || v.key]));
    for (const line of formatRules(rules.body, patterns)) io.out(line);
  },
};
