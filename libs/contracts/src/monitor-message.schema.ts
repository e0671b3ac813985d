import { z } from 'zod';
import { ContainerIdentity, HostIdentity, isoTime, shortText } from './common.schema';

/** Incident kinds of fsmon-behaviour §1.10. */
export const ReportKind = z.enum([
  'Host.FileAccess.Violation',
  'Host.Package.Updated',
  'Container.FileAccess.Violation',
  'Container.Package.Updated',
]);
export type ReportKind = z.infer<typeof ReportKind>;

/**
 * A report on `fsmon.reports.v1`: every field of the seed's MonitorMessage (ID, Path, Package,
 * ProcName, ProcPath, ProcCmds, ProcPid, ProcEUid, ProcEUser, ProcPPid, ProcPName, ProcPPath,
 * Group, Msg, Count, StartAt, Action) in camelCase, plus who reported it and where.
 *
 * `reportId` is deterministic for one aggregate window, so a report re-sent after a crash carries
 * the same id and consumers can drop the duplicate.
 */
export const MonitorMessage = z.object({
  reportId: shortText.min(1),
  kind: ReportKind,
  host: HostIdentity,
  container: ContainerIdentity.nullable(),
  /** Container id, "" for the host (seed ID). */
  id: z.string().max(256),
  /** Container-relative path, or a comma-separated list of them for merged reports. */
  path: z.string().min(1).max(65_536),
  package: z.boolean(),
  procName: shortText,
  procPath: z.string().max(4096),
  procCmds: z.array(z.string().max(4096)).max(256),
  procPid: z.number().int().nonnegative(),
  procEUid: z.number().int(),
  procEUser: shortText,
  procPPid: z.number().int().nonnegative(),
  procPName: shortText,
  procPPath: z.string().max(4096),
  group: shortText,
  msg: shortText,
  count: z.number().int().positive(),
  startAt: isoTime,
  action: z.enum(['violate', 'deny']),
  reportedAt: isoTime,
});
export type MonitorMessage = z.infer<typeof MonitorMessage>;
