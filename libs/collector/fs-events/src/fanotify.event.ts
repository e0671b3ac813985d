import type { DirRef } from './dir-handle.cache';

/** Where an FID-mode event's object was (FAN_RENAME's old location). */
export interface FanotifyLocation {
  readonly dir: DirRef;
  /** Entry name; '.' when the event is about the directory itself. */
  readonly name: string;
  /** `dir.path` joined with `name`, or null when the directory could not be resolved. */
  readonly path: string | null;
}

/** A file or directory event. */
export interface FanotifyFileEvent {
  readonly kind: 'file';
  /** FAN_* bits as the kernel reported them (merged events carry several). */
  readonly mask: number;
  /** Process (thread group) that caused the event. */
  readonly pid: number;
  /**
   * Absolute path as this process sees it (a file in another mount namespace is rendered relative to
   * that namespace's root). FID mode: directory path + name, resolved when the batch is decoded;
   * fd mode: readlink of the event fd (with the kernel's " (deleted)" suffix if the file is gone).
   * Null when it could not be resolved (the directory is gone, or readlink failed).
   */
  readonly path: string | null;
  /** FID mode: the directory the kernel reported (one shared object per directory); null in fd mode. */
  readonly dir: DirRef | null;
  /** FID mode: the entry name in `dir` ('.' = the directory itself); null in fd mode. */
  readonly name: string | null;
  /** FAN_RENAME only: where the object was before (FID mode); null otherwise. */
  readonly from: FanotifyLocation | null;
}

/** The kernel queue overflowed (FAN_Q_OVERFLOW): events were lost before this point. */
export interface FanotifyOverflowEvent {
  readonly kind: 'overflow';
  readonly mask: number;
}

export type FanotifyEvent = FanotifyFileEvent | FanotifyOverflowEvent;
