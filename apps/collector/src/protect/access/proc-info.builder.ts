import type { ProcInfo } from '@fsmon/contracts';
import type { ProcLike } from '../protect.ports';

export interface SeenProcess {
  readonly pid: number;
  /** Executable path inside the workload, null when unreadable. */
  readonly exe: string | null;
  readonly comm: string | null;
  /**
   * Effective uid the permission worker read while the process waited (null when it could not: the
   * process was already gone).
   */
  readonly euid?: number | null;
}

/**
 * The contract's ProcInfo for a process the permission worker saw. The resolver's record is used
 * when it is for the same program; a denied process is usually gone by the time reports are read,
 * and then what the worker read while the process waited (exe, name, euid when it has it) is all
 * there is (no command line, no parent; euid -1 when unknown). The user name is looked up in the
 * workload's own /etc/passwd (`userName`), '' when unknown.
 */
export function procInfoOf(
  seen: SeenProcess,
  record: ProcLike | null,
  rootPid: number,
  flags: { deny: boolean; inProfile: boolean },
  userName: (euid: number) => string,
): ProcInfo {
  const same = record !== null && (seen.exe === null || record.exe === '' || record.exe === seen.exe);
  if (same) {
    return {
      rootPid,
      name: record.name,
      path: record.exe || (seen.exe ?? ''),
      cmds: [...record.cmds].slice(0, 256),
      pid: seen.pid,
      startTime: record.startTime,
      euid: record.euid,
      euser: nameOf(record.euid, userName),
      ppid: record.ppid,
      pname: record.pname,
      ppath: record.ppath,
      ...flags,
    };
  }
  const euid = seen.euid ?? -1;
  return {
    rootPid,
    name: seen.comm ?? '',
    path: seen.exe ?? '',
    cmds: [],
    pid: seen.pid,
    euid,
    euser: nameOf(euid, userName),
    ppid: 0,
    pname: '',
    ppath: '',
    ...flags,
  };
}

function nameOf(euid: number, userName: (euid: number) => string): string {
  return euid < 0 ? '' : userName(euid).slice(0, 256);
}
