import { z } from 'zod';
import { FilterBehavior, isoTime, PolicyMode, shortText } from './common.schema';

/**
 * One file filter (seed `CLUSFileMonitorFilter`, fsmon-behaviour §1.1). `filter` is the pattern the
 * user typed; `path` is its regex-escaped base and `regex` the file-name part (empty for a single
 * file). The filter key `path + "/" + regex` ties a filter to its access rule.
 */
export const FileFilter = z.object({
  filter: z.string().max(4096),
  path: z.string().min(1).max(4096),
  regex: z.string().max(1024),
  recursive: z.boolean(),
  customerAdd: z.boolean(),
  behavior: FilterBehavior,
  dgroup: shortText.default(''),
});
export type FileFilter = z.infer<typeof FileFilter>;

/** The key that correlates a filter with its access rule, learned rules and caches. */
export function filterKey(f: Pick<FileFilter, 'path' | 'regex'>): string {
  return `${f.path}/${f.regex}`;
}

/** Seed `CLUSFileMonitorProfile`: the group's mode and its filters (CRD filters kept apart). */
export const FileMonitorProfile = z.object({
  group: shortText.min(1),
  mode: PolicyMode,
  cfgType: z.enum(['learned', 'user_created', 'ground', 'federal']).default('user_created'),
  filters: z.array(FileFilter).max(1024),
  filtersCRD: z.array(FileFilter).max(1024).default([]),
});
export type FileMonitorProfile = z.infer<typeof FileMonitorProfile>;

/** Seed `CLUSFileAccessFilterRule`: the apps allowed on one filter (exe path, base name or name). */
export const FileAccessFilterRule = z.object({
  apps: z.array(z.string().min(1).max(4096)).max(1024),
  behavior: FilterBehavior,
  customerAdd: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** fsmon addition: what a block filter does when no decision can be made (seed: open). */
  failMode: z.enum(['open', 'closed']).default('open'),
});
export type FileAccessFilterRule = z.infer<typeof FileAccessFilterRule>;

/** Seed `CLUSFileAccessRule`: filter key → rule, CRD rules kept apart. */
export const FileAccessRule = z.object({
  group: shortText.min(1),
  filters: z.record(z.string().max(8192), FileAccessFilterRule),
  filtersCRD: z.record(z.string().max(8192), FileAccessFilterRule).default({}),
});
export type FileAccessRule = z.infer<typeof FileAccessRule>;

/**
 * Which containers a group takes. A container matches when every non-empty criterion matches
 * (names and images are exact or `*` wildcards; labels must all be present with equal values).
 * The reserved group `nodes` selects the host and ignores its selector.
 */
export const GroupSelector = z.object({
  ids: z.array(shortText).max(256).default([]),
  names: z.array(shortText).max(256).default([]),
  images: z.array(shortText).max(256).default([]),
  labels: z.record(shortText, z.string().max(1024)).default({}),
});
export type GroupSelector = z.infer<typeof GroupSelector>;

/**
 * One group's whole policy as pushed to collectors on `fsmon.policy.v1`, keyed by group name.
 * `revision` is the policy store's global revision at the time of the change; `deleted` is a
 * tombstone. A collector keeps the latest message per group.
 */
export const GroupPolicy = z.object({
  revision: z.number().int().nonnegative(),
  name: shortText.min(1),
  deleted: z.boolean().default(false),
  selector: GroupSelector,
  profile: FileMonitorProfile,
  accessRule: FileAccessRule,
  updatedAt: isoTime,
});
export type GroupPolicy = z.infer<typeof GroupPolicy>;
