import { errno as E } from '@fsmon/ffi';

/** Stable codes of {@link FsEventsError}: what went wrong, independent of the errno that said it. */
export type FsEventsErrorCode =
  | 'needs-privilege'
  | 'unsupported'
  | 'no-fanotify'
  | 'limit-reached'
  | 'no-such-path'
  | 'not-a-directory'
  | 'invalid-argument'
  | 'closed'
  | 'failed';

/** The kernel calls whose failures are mapped. */
export type KernelOperation =
  | 'fanotify_init'
  | 'fanotify_mark'
  | 'inotify_init1'
  | 'inotify_add_watch'
  | 'inotify_rm_watch'
  | 'eventfd'
  | 'name_to_handle_at'
  | 'open'
  | 'read';

export interface ErrorContext {
  path?: string;
  flags?: number;
  /** What was done instead (for EINVAL on an optional flag). */
  fallback?: string;
}

const ERRNO_NAMES = new Map<number, string>(Object.entries(E).map(([name, value]) => [value, name]));

/** A failed kernel call or a misuse of the API; `code` is stable, the message says what to do. */
export class FsEventsError extends Error {
  constructor(
    readonly code: FsEventsErrorCode,
    message: string,
    /** The errno name (e.g. 'EPERM'), when a kernel call failed. */
    readonly errno: string | null = null,
    /** The sysctl or rlimit that was hit, for 'limit-reached'. */
    readonly limit: string | null = null,
  ) {
    super(message);
    this.name = 'FsEventsError';
  }
}

function limitFor(op: KernelOperation, errnoValue: number): string | null {
  if (op === 'inotify_add_watch' && errnoValue === E.ENOSPC) return 'fs.inotify.max_user_watches';
  if (op === 'inotify_init1' && errnoValue === E.EMFILE) return 'fs.inotify.max_user_instances';
  if (op === 'fanotify_mark' && errnoValue === E.ENOSPC) return 'fs.fanotify.max_user_marks';
  if (op === 'fanotify_init' && errnoValue === E.EMFILE) return 'fs.fanotify.max_user_groups';
  return null;
}

function describe(op: KernelOperation, errnoValue: number, ctx: ErrorContext): [FsEventsErrorCode, string] {
  const flags = ctx.flags === undefined ? '' : ` (flags 0x${ctx.flags.toString(16)})`;
  const limit = limitFor(op, errnoValue);
  switch (errnoValue) {
    case E.EPERM:
    case E.EACCES:
      if (op.startsWith('inotify')) return ['needs-privilege', 'no read permission on this path'];
      return [
        'needs-privilege',
        `needs root or CAP_SYS_ADMIN${flags}: permission events, mount/filesystem marks, fd-mode groups and ` +
          'unlimited queue/marks are privileged; an unprivileged user only gets FAN_CLASS_NOTIF with FID reporting on inode marks',
      ];
    case E.ENOSYS:
      return ['no-fanotify', 'this kernel has no fanotify (CONFIG_FANOTIFY off, or a seccomp profile forbids it); use inotify'];
    case E.EINVAL:
      return [
        'unsupported',
        `flag or mask not supported by this kernel${flags}` + (ctx.fallback ? `; fallback taken: ${ctx.fallback}` : ''),
      ];
    case E.EOPNOTSUPP:
    case E.EXDEV:
    case E.ENODEV:
      return ['unsupported', 'this filesystem cannot report file handles (FID mode); mark it from an fd-mode group'];
    case E.ENOSPC:
    case E.EMFILE:
      return limit === null
        ? ['limit-reached', 'too many open files: raise the process limit (ulimit -n / RLIMIT_NOFILE)']
        : [
            'limit-reached',
            `${limit} reached: raise it (sysctl -w ${limit}=N)` +
              (errnoValue === E.EMFILE ? ' or the process limit (ulimit -n / RLIMIT_NOFILE)' : '') +
              (op === 'fanotify_mark' ? ' or open the group with unlimited marks' : ''),
          ];
    case E.ENOENT:
      return ['no-such-path', 'no such file or directory'];
    case E.ENOTDIR:
      return ['not-a-directory', 'not a directory (only directories may be marked with onlyDir)'];
    default:
      return ['failed', 'unexpected failure'];
  }
}

/** The named error for `op` failing with `errnoValue`. */
export function kernelError(op: KernelOperation, errnoValue: number, ctx: ErrorContext = {}): FsEventsError {
  const name = ERRNO_NAMES.get(errnoValue) ?? `errno ${errnoValue}`;
  const [code, text] = describe(op, errnoValue, ctx);
  const where = ctx.path === undefined ? '' : ` ${ctx.path}`;
  return new FsEventsError(code, `${op}${where}: ${name}: ${text}`, name, limitFor(op, errnoValue));
}
