import type { MonitorMessage, ReportKind } from '@fsmon/contracts';
import type { Aggregate } from './aggregate';
import { reportId, type ReportRole } from './report-key';

/** What one report says beyond the aggregate's identity. */
export interface ReportContent {
  readonly path: string;
  readonly msg: string;
  readonly count: number;
}

/**
 * A complete MonitorMessage for `agg`: the process fields from its process (a report without one
 * has pid 0, empty names and euid 0, as in the seed), `startAt` the window's start, the kind from
 * host/container and the package flag (fsmon-behaviour §1.10), and the deterministic id.
 */
export function buildReport(agg: Aggregate, role: ReportRole, content: ReportContent, reportedAtMs: number): MonitorMessage {
  const p = agg.proc;
  const pkg = agg.kind === 'package';
  return {
    reportId: reportId(agg.containerKey, agg.identity, role, agg.openedBy, agg.startAt),
    kind: reportKind(agg.container === null, pkg),
    host: agg.host,
    container: agg.container,
    id: agg.container?.id ?? '',
    path: content.path,
    package: pkg,
    procName: p?.name ?? '',
    procPath: p?.path ?? '',
    procCmds: p?.cmds ?? [],
    procPid: p?.pid ?? 0,
    procEUid: p?.euid ?? 0,
    procEUser: p?.euser ?? '',
    procPPid: p?.ppid ?? 0,
    procPName: p?.pname ?? '',
    procPPath: p?.ppath ?? '',
    group: agg.group,
    msg: content.msg,
    count: content.count,
    startAt: agg.startAt,
    action: agg.action,
    reportedAt: new Date(reportedAtMs).toISOString(),
  };
}

/** Incident kind of a report (fsmon-behaviour §1.10). */
export function reportKind(host: boolean, pkg: boolean): ReportKind {
  if (host) return pkg ? 'Host.Package.Updated' : 'Host.FileAccess.Violation';
  return pkg ? 'Container.Package.Updated' : 'Container.FileAccess.Violation';
}
