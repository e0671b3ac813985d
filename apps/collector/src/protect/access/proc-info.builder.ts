import type { ProcInfo } from '@fsmon/contracts';
import type { ProcLike } from '../protect.ports';

export interface SeenProcess {
  readonly pid: number;
  /** Executable path inside the workload, null when unreadable. */
  readonly exe: string | null;
  readonly comm: string | null;
}

/**
 * The contract's ProcInfo for a process the permission worker saw. The resolver's record is used
 * when it is for the same program; a denied process is usually gone by the time reports are read,
 * and then what the worker read while the process waited (exe, name) is all there is (euid -1,
 * no command line, no parent).
 */
export function procInfoOf(seen: SeenProcess, record: ProcLike | null, rootPid: number, flags: { deny: boolean; inProfile: boolean }): ProcInfo {
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
      euser: record.euser ?? '',
      ppid: record.ppid,
      pname: record.pname,
      ppath: record.ppath,
      ...flags,
    };
  }
  return {
    rootPid,
    name: seen.comm ?? '',
    path: seen.exe ?? '',
    cmds: [],
    pid: seen.pid,
    euid: -1,
    euser: '',
    ppid: 0,
    pname: '',
    ppath: '',
    ...flags,
  };
}
