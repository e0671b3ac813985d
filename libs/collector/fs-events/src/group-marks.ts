import type { FanotifyGroup } from './fanotify-group';
import type { MarkSpec, MarkTarget } from './mark-spec';

// A mixin needs exactly this constructor type (TypeScript rule for mixin bases).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractClass = abstract new (...args: any[]) => object;

/**
 * Adds the chainable mark methods to a class that owns a fanotify group (FanotifySource and
 * PermissionResponder): one implementation, whatever else the class is built on.
 */
export function withGroupMarks<TBase extends AbstractClass>(Base: TBase) {
  abstract class GroupMarks extends Base {
    protected abstract readonly group: FanotifyGroup;

    /** @throws FsEventsError: no-such-path (ENOENT), needs-privilege, unsupported, limit-reached (ENOSPC), not-a-directory, closed. */
    mark(spec: MarkSpec): this {
      this.group.mark(spec);
      return this;
    }

    /** Removes `spec.mask` from the mark (the mark goes when its mask is empty). */
    unmark(spec: MarkSpec): this {
      this.group.unmark(spec);
      return this;
    }

    /** Removes every mark of `target` ('all' = inode, mount and filesystem marks). */
    flush(target: MarkTarget | 'all' = 'all'): this {
      this.group.flush(target);
      return this;
    }
  }
  return GroupMarks;
}
