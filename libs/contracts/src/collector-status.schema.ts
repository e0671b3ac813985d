import { z } from 'zod';
import { ContainerIdentity, HostIdentity, isoTime, PolicyMode, shortText } from './common.schema';

/** Seed FmonProbeData gauges, plus real counters (events, drops, overflows, denials). */
export const ProbeData = z.object({
  nFileEvents: z.number().int().nonnegative(),
  nGroups: z.number().int().nonnegative(),
  fan: z.object({
    nRoots: z.number().int().nonnegative(),
    nMntRoots: z.number().int().nonnegative(),
    nDirMarks: z.number().int().nonnegative(),
    nRules: z.number().int().nonnegative(),
    nPaths: z.number().int().nonnegative(),
    nDirs: z.number().int().nonnegative(),
  }),
  ino: z.object({
    nWds: z.number().int().nonnegative(),
    nPaths: z.number().int().nonnegative(),
    nDirs: z.number().int().nonnegative(),
  }),
  counters: z.record(shortText, z.number().nonnegative()).default({}),
});
export type ProbeData = z.infer<typeof ProbeData>;

export const WatchedContainer = z.object({
  container: ContainerIdentity.nullable(),
  rootPid: z.number().int().positive(),
  mode: PolicyMode,
  groups: z.array(shortText).max(256),
  permission: z.boolean(),
});
export type WatchedContainer = z.infer<typeof WatchedContainer>;

/** Heartbeat on `fsmon.collector-status.v1`, keyed by collector id. */
export const CollectorStatus = z.object({
  collectorId: shortText.min(1),
  host: HostIdentity,
  version: shortText,
  startedAt: isoTime,
  at: isoTime,
  appliedRevision: z.number().int().nonnegative(),
  capabilities: z.object({
    permissionEvents: z.boolean(),
    fidReporting: z.boolean(),
    notes: z.array(z.string().max(1024)).max(32).default([]),
  }),
  containers: z.array(WatchedContainer).max(10_000),
  probe: ProbeData,
  drops: z.record(shortText, z.number().int().nonnegative()).default({}),
});
export type CollectorStatus = z.infer<typeof CollectorStatus>;
