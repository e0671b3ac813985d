import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AT_FDCWD,
  FAN_CLASS_CONTENT,
  FAN_CLASS_NOTIF,
  FAN_CLOEXEC,
  FAN_MARK_ADD,
  FAN_ONDIR,
  FAN_OPEN_PERM,
  FAN_REPORT_DFID_NAME,
  FAN_REPORT_FID,
  FAN_UNLIMITED_QUEUE,
  IN_CLOEXEC,
  O_CLOEXEC,
  O_LARGEFILE,
  O_RDONLY,
} from '@fsmon/ffi';
import { kernelError } from './fs-events.error';
import { libc } from './kernel';

/** What this kernel and this process's privileges allow; callers pick fallbacks from it. */
export interface KernelCapabilities {
  readonly kernel: string;
  /** fanotify_init works at all (false: ENOSYS, or EPERM for every class). */
  readonly fanotify: boolean;
  /** Permission events (FAN_CLASS_CONTENT + a FAN_OPEN_PERM mark): false means fall back to FAN_OPEN, as the seed does. */
  readonly permissionEvents: boolean;
  /** FAN_REPORT_FID and FAN_REPORT_DFID_NAME notification groups (create/delete/move events with names). */
  readonly fid: boolean;
  readonly dfidName: boolean;
  /** FID reporting on a permission group (EINVAL up to at least 6.18: permission events carry fds). */
  readonly fidWithPermission: boolean;
  /** FAN_UNLIMITED_QUEUE (CAP_SYS_ADMIN). */
  readonly unlimitedQueue: boolean;
  /** Mount marks need CAP_SYS_ADMIN; filesystem marks also kernel >= 4.20 (implied by FID support). */
  readonly mountMarks: boolean;
  readonly filesystemMarks: boolean;
  readonly inotify: boolean;
  /** Why each missing capability is missing (named errors). */
  readonly notes: readonly string[];
}

const FILE_FLAGS = O_RDONLY | O_LARGEFILE | O_CLOEXEC;

/**
 * Probes fanotify and inotify once at start: opens and closes throw-away groups; for permission
 * events also marks and unmarks a private empty temporary directory (the seed's probe). Never throws.
 */
export function probeCapabilities(): KernelCapabilities {
  const notes: string[] = [];
  const tryInit = (flags: number): boolean => {
    const fd = libc().fanotify_init(FAN_CLOEXEC | flags, FILE_FLAGS);
    if (fd >= 0) {
      libc().close(fd);
      return true;
    }
    notes.push(kernelError('fanotify_init', libc().errno(), { flags }).message);
    return false;
  };
  const notif = tryInit(FAN_CLASS_NOTIF | FAN_REPORT_FID) || tryInit(FAN_CLASS_NOTIF);
  const fid = notif && tryInit(FAN_CLASS_NOTIF | FAN_REPORT_FID);
  const dfidName = notif && tryInit(FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME);
  const privileged = notif && tryInit(FAN_CLASS_NOTIF | FAN_UNLIMITED_QUEUE);
  const fidWithPermission = privileged && tryInit(FAN_CLASS_CONTENT | FAN_REPORT_FID);
  const ifd = libc().inotify_init1(IN_CLOEXEC);
  const inotify = ifd >= 0;
  if (inotify) libc().close(ifd);
  else notes.push(kernelError('inotify_init1', libc().errno()).message);
  return {
    kernel: os.release(),
    fanotify: notif,
    permissionEvents: privileged && probePermission(notes),
    fid,
    dfidName,
    fidWithPermission,
    unlimitedQueue: privileged,
    mountMarks: privileged,
    filesystemMarks: privileged && fid,
    inotify,
    notes,
  };
}

function probePermission(notes: string[]): boolean {
  const fd = libc().fanotify_init(FAN_CLOEXEC | FAN_CLASS_CONTENT, FILE_FLAGS);
  if (fd < 0) {
    notes.push(kernelError('fanotify_init', libc().errno(), { flags: FAN_CLASS_CONTENT }).message);
    return false;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-probe-'));
  try {
    // Closing the group removes the mark; nobody opens anything in the directory meanwhile.
    if (libc().fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_ONDIR, AT_FDCWD, dir) === 0) return true;
    notes.push(kernelError('fanotify_mark', libc().errno(), { path: dir, flags: FAN_MARK_ADD }).message);
    return false;
  } finally {
    libc().close(fd);
    fs.rmdirSync(dir);
  }
}
