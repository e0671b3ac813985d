/**
 * What is known of one process (one pid lifetime) from /proc, for attribution. With the pid, the
 * start time is the identity: a reused pid has another start time, so another identity.
 */
export interface ProcIdentity {
  readonly pid: number;
  /** Clock ticks since boot (`/proc/<pid>/stat` field 22). */
  readonly startTime: number;
  readonly name: string;
  /** Executable path as the process sees it (inside its root, " (deleted)" removed); '' if unreadable. */
  readonly exe: string;
  readonly cmds: readonly string[];
  /** Effective uid; -1 if unreadable. */
  readonly euid: number;
  readonly ppid: number;
  readonly pname: string;
  /** The parent's executable path, inside the same root; '' if unreadable. */
  readonly ppath: string;
}
