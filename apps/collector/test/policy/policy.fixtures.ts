import type { FileAccessFilterRule, FileFilter, GroupPolicy, GroupSelector, PolicyMode } from '@fsmon/contracts';

// Builders for the policy specs and int-specs.

const AT = '2025-01-01T00:00:00.000Z';

export function filter(path: string, regex = '', opts: Partial<FileFilter> = {}): FileFilter {
  return { filter: '', path, regex, recursive: false, customerAdd: true, behavior: 'monitor_change', dgroup: '', ...opts };
}

export function rule(apps: string[], behavior: FileAccessFilterRule['behavior'] = 'block_access'): FileAccessFilterRule {
  return { apps, behavior, customerAdd: true, createdAt: AT, updatedAt: AT, failMode: 'open' };
}

export interface GroupSpec {
  revision: number;
  selector?: Partial<GroupSelector>;
  mode?: PolicyMode;
  filters?: FileFilter[];
  filtersCRD?: FileFilter[];
  rules?: Record<string, FileAccessFilterRule>;
  deleted?: boolean;
}

export function group(name: string, spec: GroupSpec): GroupPolicy {
  return {
    revision: spec.revision,
    name,
    deleted: spec.deleted ?? false,
    selector: { ids: [], names: [], images: [], labels: {}, ...spec.selector },
    profile: { group: name, mode: spec.mode ?? 'Monitor', cfgType: 'user_created', filters: spec.filters ?? [], filtersCRD: spec.filtersCRD ?? [] },
    accessRule: { group: name, filters: spec.rules ?? {}, filtersCRD: {} },
    updatedAt: AT,
  };
}
