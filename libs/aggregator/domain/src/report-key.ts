import { createHash } from 'node:crypto';
import type { ContainerIdentity, HostIdentity, ProcInfo } from '@fsmon/contracts';

const SEP = '\u0000';

/** The container (or the host, container "") on one host. */
export function containerKey(host: HostIdentity, container: ContainerIdentity | null): string {
  return `${host.id}${SEP}${container?.id ?? ''}`;
}

/** The seed's key1: (host, container, path, msg); the pid is deliberately not part of it. */
export function messageKey(cKey: string, path: string, msg: string): string {
  return `${cKey}${SEP}${path}${SEP}${msg}`;
}

/**
 * One program of one container, per group and action: the unit of the per-process merge. The
 * program is its executable path; a process without one is identified by pid and start time.
 * The aggregate's identity (it seeds report ids); lookups go by programId and the parts.
 */
export function programKey(cKey: string, group: string, action: string, proc: ProcInfo): string {
  const program = proc.path !== '' ? `exe:${proc.path}` : `pid:${proc.pid}:${proc.startTime ?? ''}`;
  return `${cKey}${SEP}${group}${SEP}${action}${SEP}${program}`;
}

/**
 * The program part of programKey, as the store indexes it: the executable path, or for a process
 * without one its pid and start time behind a NUL (no path holds one, so the two never meet).
 */
export function programId(proc: ProcInfo): string {
  return proc.path !== '' ? proc.path : `${SEP}${proc.pid}:${proc.startTime ?? ''}`;
}

/**
 * containerKey for a run of events, built once while host and container stay the same: the events
 * of one raw-events message are nearly always one container's, and one key string keeps its hash.
 */
export class ContainerKeys {
  private hostId = '';
  private containerId: string | undefined;
  private key = '';

  of(host: HostIdentity, container: ContainerIdentity | null): string {
    const id = container?.id ?? '';
    if (id !== this.containerId || host.id !== this.hostId) {
      this.hostId = host.id;
      this.containerId = id;
      this.key = containerKey(host, container);
    }
    return this.key;
  }
}

/** Which report of an aggregate: the immediate first one, or the flush of a window. */
export type ReportRole = 'first' | 'window';

/**
 * The deterministic report id: SHA-256 (128 bits, hex) of the host, the container, the aggregate's
 * identity (the key it was created for), the report's role, and the raw event that opened the
 * window with its time. Re-processing the same events rebuilds the same windows, so a report
 * re-sent after a crash carries the id of the one sent before.
 */
export function reportId(
  cKey: string,
  identity: string,
  role: ReportRole,
  openedBy: string,
  startAt: string,
): string {
  return createHash('sha256')
    .update([cKey, identity, role, openedBy, startAt].join(SEP))
    .digest('hex')
    .slice(0, 32);
}
