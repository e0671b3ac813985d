import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';

/** The proc mount points a collector may see: the host's (from a container) first, then its own. */
export const DEFAULT_PROC_DIRS: readonly string[] = ['/host/proc/', '/proc/'];

/** Linux PID_MAX_LIMIT: no pid is larger. */
const PID_MAX = 4_194_304;

export interface MonitorPath {
  readonly rootPid: number;
  /** Container-relative path, starting with `/`. */
  readonly containerPath: string;
}

const withSlash = (dir: string): string => (dir.endsWith('/') ? dir : `${dir}/`);

/**
 * Splits a full host path `<procDir><pid>/root<path>` (seed ParseMonitorPath) into the root pid
 * and the container path. `/proc/<pid>/root` itself maps to `/`. Anything else — another prefix, a
 * non-numeric or out-of-range pid, no `/root` right after the pid — is an error value.
 */
export function parseMonitorPath(fullPath: string, procDirs: readonly string[] = DEFAULT_PROC_DIRS): Result<MonitorPath, CollectorDomainError> {
  for (const dir of procDirs.map(withSlash)) {
    if (!fullPath.startsWith(dir)) continue;
    const match = /^(\d{1,7})\/root(\/.*)?$/s.exec(fullPath.slice(dir.length));
    if (match === null) break;
    const rootPid = Number(match[1]);
    if (rootPid < 1 || rootPid > PID_MAX || match[1].startsWith('0')) break;
    return ok({ rootPid, containerPath: match[2] ?? '/' });
  }
  return err(new CollectorDomainError('MONITOR_PATH_INVALID', `not a <procDir><pid>/root/... path: ${JSON.stringify(fullPath)}`));
}

/** Builds `<procDir><pid>/root<path>` (seed ContainerFilePath); a relative path gets its `/`. */
export function containerFilePath(procDir: string, pid: number, containerPath: string): string {
  const path = containerPath.startsWith('/') ? containerPath : `/${containerPath}`;
  return `${withSlash(procDir)}${pid}/root${path}`;
}
