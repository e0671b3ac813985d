import type { FileAccessFilterRule, FileAccessRule, FileFilter, GroupPolicy, GroupSelector } from '@fsmon/contracts';
import { table } from './table';

/** One entry of GET /groups/:name/filters (apps/policy/src/admin/filters.service.ts FilterView). */
export interface FilterView {
  key: string;
  filter: FileFilter;
  crd: boolean;
  accessRule: FileAccessFilterRule | null;
}

export function selectorText(s: GroupSelector, name: string): string {
  if (name === 'nodes') return 'the host';
  const parts = [
    ...s.names.map((n) => `name=${n}`),
    ...s.images.map((i) => `image=${i}`),
    ...s.ids.map((i) => `id=${i.slice(0, 12)}`),
    ...Object.entries(s.labels).map(([k, v]) => `label ${k}=${v}`),
  ];
  return parts.length === 0 ? 'no container (empty selector)' : parts.join(', ');
}

export function formatGroupList(groups: readonly GroupPolicy[], revision: number): string[] {
  if (groups.length === 0) return [`no groups yet (policy revision ${revision}); containers no group selects get the defaults (fsmon group create adds one)`];
  return [
    ...table(
      ['group', 'mode', 'filters', 'selects'],
      groups.map((g) => [g.name, g.profile.mode, `${g.profile.filters.filter((f) => f.customerAdd).length} custom + ${g.profile.filters.filter((f) => !f.customerAdd).length} default`, selectorText(g.selector, g.name)]),
    ),
    `policy revision ${revision}`,
  ];
}

/** A group: mode, selector, then every filter with behavior and allowed apps. */
export function formatGroup(g: GroupPolicy, filters: readonly FilterView[]): string[] {
  const rows = filters.map((v) => [
    v.filter.filter || v.key,
    v.filter.behavior === 'block_access' ? 'block' : 'monitor',
    v.filter.recursive ? 'yes' : 'no',
    v.crd ? 'crd' : v.filter.customerAdd ? 'custom' : 'default',
    v.accessRule ? appsText(v.accessRule) : '-',
  ]);
  return [
    `group ${g.name}  mode ${g.profile.mode}  revision ${g.revision}  updated ${g.updatedAt}`,
    `selects: ${selectorText(g.selector, g.name)}`,
    '',
    ...table(['filter', 'behavior', 'recursive', 'kind', 'allowed apps'], rows),
  ];
}

/** The access rules: filter key → allowed apps (what Protect lets through), fail mode. */
export function formatRules(rules: FileAccessRule, patterns: ReadonlyMap<string, string>): string[] {
  const entries = [...Object.entries(rules.filters).map(([k, r]) => [k, r, false] as const), ...Object.entries(rules.filtersCRD).map(([k, r]) => [k, r, true] as const)];
  if (entries.length === 0) return [`group ${rules.group} has no access rules (only custom filters have them: fsmon group filter add)`];
  return table(
    ['filter', 'behavior', 'fail mode', 'allowed apps'],
    entries.map(([key, r, crd]) => [`${patterns.get(key) ?? key}${crd ? ' (crd)' : ''}`, r.behavior === 'block_access' ? 'block' : 'monitor', r.failMode, appsText(r)]),
  );
}

function appsText(r: FileAccessFilterRule): string {
  return r.apps.length === 0 ? '(none)' : r.apps.join(', ');
}
