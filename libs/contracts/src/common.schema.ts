import { z } from 'zod';

/** Bounded strings: a hostile or broken producer cannot make a consumer hold megabytes per field. */
export const shortText = z.string().max(256);
export const pathText = z.string().min(1).max(4096);
export const isoTime = z.iso.datetime({ offset: true });

/** The node a collector runs on. */
export const HostIdentity = z.object({
  id: shortText.min(1),
  name: shortText,
});
export type HostIdentity = z.infer<typeof HostIdentity>;

/**
 * A container as the collector found it. `id` is the runtime's id (from the cgroup path), or
 * `mntns:<inode>` when no runtime id could be read.
 */
export const ContainerIdentity = z.object({
  id: shortText.min(1),
  name: shortText.default(''),
  image: shortText.default(''),
  labels: z.record(shortText, z.string().max(1024)).default({}),
});
export type ContainerIdentity = z.infer<typeof ContainerIdentity>;

/** The seed's policy modes (an empty mode means Discover there; here it is always explicit). */
export const PolicyMode = z.enum(['Discover', 'Monitor', 'Protect']);
export type PolicyMode = z.infer<typeof PolicyMode>;

export const FilterBehavior = z.enum(['monitor_change', 'block_access']);
export type FilterBehavior = z.infer<typeof FilterBehavior>;

/** The reserved group of the host itself (root pid 1). */
export const HOST_GROUP = 'nodes';
