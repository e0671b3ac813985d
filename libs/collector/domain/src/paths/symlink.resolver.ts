import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';
import { containerDirname } from './container-path';

/** The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;

/**
 * Reads one symlink: its raw target when `containerPath` is a symlink, else null (not a link,
 * missing, unreadable). The caller implements it over `<procDir><pid>/root<containerPath>`.
 */
export type ReadLink = (containerPath: string) => string | null;

const parts = (path: string): string[] => path.split('/').filter((p) => p !== '' && p !== '.');

/**
 * Resolves every symlink in a container path component by component, keeping the walk inside the
 * container root: absolute targets restart at the container's `/`, and `..` is applied to the
 * already-resolved (symlink-free) prefix and stops at `/`. The host kernel cannot do this through
 * `/proc/<pid>/root` for absolute links, hence this walk.
 *
 * `readLink` is only asked about paths whose parents are already resolved. Components that do not
 * exist are kept as written (like `realpath -m`). More than `maxLinks` links → SYMLINK_LOOP.
 */
export function resolveInContainer(path: string, readLink: ReadLink, maxLinks = MAX_SYMLINKS): Result<string, CollectorDomainError> {
  let pending = parts(path);
  let resolved = '/';
  let followed = 0;
  while (pending.length > 0) {
    const [head, ...rest] = pending;
    pending = rest;
    if (head === '..') {
      resolved = containerDirname(resolved);
      continue;
    }
    const candidate = resolved === '/' ? `/${head}` : `${resolved}/${head}`;
    const target = readLink(candidate);
    if (target === null) {
      resolved = candidate;
      continue;
    }
    followed += 1;
    if (followed > maxLinks) {
      return err(new CollectorDomainError('SYMLINK_LOOP', `more than ${maxLinks} symlinks resolving ${JSON.stringify(path)}`));
    }
    if (target.startsWith('/')) resolved = '/';
    pending = [...parts(target), ...pending];
  }
  return ok(resolved);
}
