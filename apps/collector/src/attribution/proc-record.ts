import { parseCmdline, parseNamespaceLink, parseProcStat, parseProcStatus, type ProcIdentity, stripDeletedSuffix } from '@fsmon/collector-domain';
import { inodeKey, readLink, readText } from '../containers/proc-fs';

/** A process as the collector's resolver keeps it: its identity, its workload, when it was last checked. */
export interface ProcRecord extends ProcIdentity {
  /** The process group it belongs to: `<mntns>:<root dev>:<root ino>` (as ProcScanner), '' if unknown. */
  readonly group: string;
  /** Epoch ms of the last check that the pid still had this start time. */
  checkedAt: number;
}

/** Strips the process's root (a chroot seen from the host) from a path it uses. */
function insideRoot(path: string, rootLink: string): string {
  if (rootLink === '/' || rootLink === '' || !path.startsWith(`${rootLink}/`)) return path;
  return path.slice(rootLink.length);
}

function exeOf(procDir: string, pid: number, rootLink: string): string {
  const link = readLink(`${procDir}/${pid}/exe`);
  return link === null ? '' : insideRoot(stripDeletedSuffix(link), rootLink);
}

/** `/proc/<pid>/stat` start time and comm, or null when the process is gone or unreadable. */
export function readStat(procDir: string, pid: number): { startTime: number; comm: string; ppid: number } | null {
  const text = readText(`${procDir}/${pid}/stat`);
  const parsed = text === null ? null : parseProcStat(text);
  return parsed?.ok === true ? { startTime: parsed.value.startTime, comm: parsed.value.comm, ppid: parsed.value.ppid } : null;
}

/**
 * Reads a process's attribution from /proc (about ten small reads): name, exe, argv, euid, parent
 * name and exe, and its mount namespace and root (which workload it belongs to).
 */
export function readProcRecord(procDir: string, pid: number, stat: { startTime: number; comm: string; ppid: number }, hostMntns: number, now: number): ProcRecord {
  const base = `${procDir}/${pid}`;
  const status = readText(`${base}/status`);
  const parsedStatus = status === null ? null : parseProcStatus(status);
  const rootLink = readLink(`${base}/root`) ?? '/';
  const nsLink = readLink(`${base}/ns/mnt`);
  const ns = nsLink === null ? null : parseNamespaceLink(nsLink);
  const rootKey = inodeKey(`${base}/root`);
  const group = ns?.ok !== true || rootKey === null ? '' : ns.value === hostMntns ? 'host' : `${ns.value}:${rootKey}`;
  const parent = stat.ppid > 0 ? readStat(procDir, stat.ppid) : null;
  const cmdline = readText(`${base}/cmdline`);
  return {
    pid,
    startTime: stat.startTime,
    name: parsedStatus?.ok === true ? parsedStatus.value.name : stat.comm,
    exe: exeOf(procDir, pid, rootLink),
    cmds: cmdline === null ? [] : parseCmdline(cmdline).argv,
    euid: parsedStatus?.ok === true ? parsedStatus.value.euid : -1,
    ppid: stat.ppid,
    pname: parent?.comm ?? '',
    ppath: parent === null ? '' : exeOf(procDir, stat.ppid, rootLink),
    group,
    checkedAt: now,
  };
}
