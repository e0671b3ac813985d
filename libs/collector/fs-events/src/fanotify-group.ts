import path from 'node:path';
import {
  FAN_CLASS_CONTENT,
  FAN_CLASS_NOTIF,
  FAN_CLOEXEC,
  FAN_NONBLOCK,
  FAN_REPORT_DFID_NAME,
  FAN_UNLIMITED_MARKS,
  FAN_UNLIMITED_QUEUE,
  AT_FDCWD,
  O_CLOEXEC,
  O_DIRECTORY,
  O_LARGEFILE,
  O_RDONLY,
  errno as E,
} from '@fsmon/ffi';
import { fsidOfFd } from './file-handle';
import { FsEventsError, kernelError } from './fs-events.error';
import { check, closeFd, libc } from './kernel';
import { type MarkSpec, type MarkTarget, flushCall, markCall } from './mark-spec';

/** How events name their object: 'fid' = directory handle + name (FAN_REPORT_DFID_NAME), 'fd' = an open fd. */
export type ReportMode = 'fid' | 'fd';

export interface GroupSpec {
  /** 'content' allows permission events (FAN_CLASS_CONTENT). */
  readonly class: 'notif' | 'content';
  /** 'auto' asks for FID reporting and falls back to fd mode when the kernel refuses it (EINVAL). */
  readonly report: ReportMode | 'auto';
  /** FAN_UNLIMITED_QUEUE: no FAN_Q_OVERFLOW, the kernel queue grows instead (CAP_SYS_ADMIN). */
  readonly unlimitedQueue?: boolean;
  /** FAN_UNLIMITED_MARKS: not bounded by fs.fanotify.max_user_marks (CAP_SYS_ADMIN). */
  readonly unlimitedMarks?: boolean;
}

const EVENT_FILE_FLAGS = O_RDONLY | O_LARGEFILE | O_CLOEXEC;

/**
 * One fanotify group: its fd, its marks and (in FID mode) one open directory per filesystem, which
 * open_by_handle_at needs to turn directory handles back into paths. Synchronous and main-thread:
 * only marks and lifecycle live here; reading is a worker's job.
 */
export class FanotifyGroup {
  private readonly mountFds = new Map<string, number>();
  private closed = false;

  private constructor(
    readonly fd: number,
    readonly report: ReportMode,
    /** Set when 'auto' had to fall back to fd mode, saying why. */
    readonly fallback: string | null,
  ) {}

  /** @throws FsEventsError: needs-privilege (EPERM), unsupported (EINVAL), no-fanotify (ENOSYS), limit-reached (EMFILE). */
  static open(spec: GroupSpec): FanotifyGroup {
    const base =
      FAN_CLOEXEC |
      FAN_NONBLOCK |
      (spec.class === 'content' ? FAN_CLASS_CONTENT : FAN_CLASS_NOTIF) |
      (spec.unlimitedQueue ? FAN_UNLIMITED_QUEUE : 0) |
      (spec.unlimitedMarks ? FAN_UNLIMITED_MARKS : 0);
    if (spec.report === 'fd') return new FanotifyGroup(check(libc().fanotify_init(base, EVENT_FILE_FLAGS), 'fanotify_init', { flags: base }), 'fd', null);
    const fidFlags = base | FAN_REPORT_DFID_NAME;
    const fd = libc().fanotify_init(fidFlags, EVENT_FILE_FLAGS);
    if (fd >= 0) return new FanotifyGroup(fd, 'fid', null);
    const errnoValue = libc().errno();
    if (spec.report === 'fid' || errnoValue !== E.EINVAL) throw kernelError('fanotify_init', errnoValue, { flags: fidFlags });
    const fallback = kernelError('fanotify_init', errnoValue, { flags: fidFlags, fallback: 'fd mode (events carry an fd, paths by readlink)' }).message;
    return new FanotifyGroup(check(libc().fanotify_init(base, EVENT_FILE_FLAGS), 'fanotify_init', { flags: base }), 'fd', fallback);
  }

  /** @throws FsEventsError: no-such-path (ENOENT), needs-privilege, unsupported, limit-reached (ENOSPC), not-a-directory. */
  mark(spec: MarkSpec): void {
    this.assertOpen();
    const { flags, mask } = markCall(spec, 'add');
    // Opened before the mark exists, so this open is not itself an event of the group.
    if (this.report === 'fid') this.keepMountFd(spec.path);
    check(libc().fanotify_mark(this.fd, flags, mask, AT_FDCWD, spec.path), 'fanotify_mark', { path: spec.path, flags });
  }

  /** Removes `spec.mask` from the mark (the mark goes when its mask is empty). */
  unmark(spec: MarkSpec): void {
    this.assertOpen();
    const { flags, mask } = markCall(spec, 'remove');
    check(libc().fanotify_mark(this.fd, flags, mask, AT_FDCWD, spec.path), 'fanotify_mark', { path: spec.path, flags });
  }

  /** Removes every mark of `target` ('all' = inode, mount and filesystem marks). */
  flush(target: MarkTarget | 'all' = 'all'): void {
    this.assertOpen();
    for (const t of target === 'all' ? (['inode', 'mount', 'filesystem'] as const) : [target]) {
      const flags = flushCall(t);
      check(libc().fanotify_mark(this.fd, flags, 0, AT_FDCWD, null), 'fanotify_mark', { flags });
    }
  }

  /** An open directory on filesystem `fsid` (hex), for open_by_handle_at. */
  mountFd(fsid: string): number | undefined {
    return this.mountFds.get(fsid);
  }

  /** Flushes the marks, then closes the mount fds and the group fd. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of ['inode', 'mount', 'filesystem'] as const) libc().fanotify_mark(this.fd, flushCall(t), 0, AT_FDCWD, null);
    for (const fd of this.mountFds.values()) closeFd(fd);
    this.mountFds.clear();
    closeFd(this.fd);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private keepMountFd(target: string): void {
    let fd = libc().open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) fd = libc().open(path.dirname(target), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) return; // the mark itself will report why
    const fsid = fsidOfFd(fd);
    if (fsid === '' || this.mountFds.has(fsid)) closeFd(fd);
    else this.mountFds.set(fsid, fd);
  }

  private assertOpen(): void {
    if (this.closed) throw new FsEventsError('closed', 'the fanotify group is closed');
  }
}
