/** An inotify event on a watched file or directory (or on a child of a watched directory). */
export interface InotifyFileEvent {
  readonly kind: 'file';
  /** Watch descriptor the event belongs to. */
  readonly wd: number;
  /** IN_* bits; IN_IGNORED means the watch is gone (removed, or its object deleted/unmounted). */
  readonly mask: number;
  /** Pairs IN_MOVED_FROM with its IN_MOVED_TO (0 for other events). */
  readonly cookie: number;
  /** Child name for events on a directory's children; null for events on the watched object itself. */
  readonly name: string | null;
  /** The watched path joined with `name`; null if the wd was unknown (counted). */
  readonly path: string | null;
}

/** The kernel queue overflowed (IN_Q_OVERFLOW): events were lost before this point. */
export interface InotifyOverflowEvent {
  readonly kind: 'overflow';
  readonly mask: number;
}

export type InotifyEvent = InotifyFileEvent | InotifyOverflowEvent;
