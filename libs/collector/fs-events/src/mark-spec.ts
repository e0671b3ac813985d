import {
  FAN_EVENT_ON_CHILD,
  FAN_MARK_ADD,
  FAN_MARK_DONT_FOLLOW,
  FAN_MARK_FILESYSTEM,
  FAN_MARK_FLUSH,
  FAN_MARK_IGNORED_MASK,
  FAN_MARK_IGNORED_SURV_MODIFY,
  FAN_MARK_INODE,
  FAN_MARK_MOUNT,
  FAN_MARK_ONLYDIR,
  FAN_MARK_REMOVE,
  FAN_ONDIR,
} from '@fsmon/ffi';
import { FsEventsError } from './fs-events.error';

/** What a mark is attached to: one inode (file or directory), a whole mount, or a whole filesystem. */
export type MarkTarget = 'inode' | 'mount' | 'filesystem';

/** One fanotify mark. */
export interface MarkSpec {
  /** Absolute path of the object (for mount/filesystem marks: any path on it). */
  readonly path: string;
  /** FAN_* event bits (FAN_OPEN, FAN_CLOSE_WRITE, FAN_OPEN_PERM, ...). */
  readonly mask: number;
  /** Default 'inode'. Mount and filesystem marks need CAP_SYS_ADMIN. */
  readonly target?: MarkTarget;
  /** Directory marks: also report events on its direct children (FAN_EVENT_ON_CHILD). */
  readonly onChild?: boolean;
  /** Also report events on directories themselves (FAN_ONDIR). */
  readonly onDir?: boolean;
  /** `mask` is an ignore mask: these events on the object are not reported (FAN_MARK_IGNORED_MASK). */
  readonly ignore?: boolean;
  /** With `ignore`: the ignore mask survives a modification of the file (FAN_MARK_IGNORED_SURV_MODIFY). */
  readonly ignoreSurvivesModify?: boolean;
  /** Mark a symlink itself, not its target (FAN_MARK_DONT_FOLLOW). */
  readonly dontFollow?: boolean;
  /** Fail with 'not-a-directory' unless the path is a directory (FAN_MARK_ONLYDIR). */
  readonly onlyDir?: boolean;
}

const TARGET_FLAGS: Record<MarkTarget, number> = {
  inode: FAN_MARK_INODE,
  mount: FAN_MARK_MOUNT,
  filesystem: FAN_MARK_FILESYSTEM,
};

/** fanotify_mark() flags and mask for adding or removing `spec`. */
export function markCall(spec: MarkSpec, op: 'add' | 'remove'): { flags: number; mask: number } {
  if (!spec.path.startsWith('/')) throw new FsEventsError('invalid-argument', `mark path must be absolute: ${spec.path}`);
  if (!Number.isSafeInteger(spec.mask) || spec.mask <= 0) {
    throw new FsEventsError('invalid-argument', `mark mask must be a positive integer, got ${spec.mask}`);
  }
  if (spec.ignoreSurvivesModify && !spec.ignore) {
    throw new FsEventsError('invalid-argument', 'ignoreSurvivesModify applies to ignore marks only');
  }
  let flags = op === 'add' ? FAN_MARK_ADD : FAN_MARK_REMOVE;
  flags |= TARGET_FLAGS[spec.target ?? 'inode'];
  if (spec.ignore) flags |= FAN_MARK_IGNORED_MASK;
  if (spec.ignoreSurvivesModify) flags |= FAN_MARK_IGNORED_SURV_MODIFY;
  if (spec.dontFollow) flags |= FAN_MARK_DONT_FOLLOW;
  if (spec.onlyDir) flags |= FAN_MARK_ONLYDIR;
  let mask = spec.mask;
  if (spec.onChild) mask += (mask & FAN_EVENT_ON_CHILD) === 0 ? FAN_EVENT_ON_CHILD : 0;
  if (spec.onDir) mask += (mask & FAN_ONDIR) === 0 ? FAN_ONDIR : 0;
  return { flags, mask };
}

/** fanotify_mark() flags removing every mark of one target kind. */
export function flushCall(target: MarkTarget): number {
  return FAN_MARK_FLUSH | TARGET_FLAGS[target];
}
