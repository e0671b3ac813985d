import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';

/**
 * Parses a namespace link (readlink of `/proc/<pid>/ns/<type>`, e.g. `mnt:[4026531840]`) into the
 * namespace's inode number. The type must match (`mnt` by default).
 */
export function parseNamespaceLink(link: string, type = 'mnt'): Result<number, CollectorDomainError> {
  const match = /^([a-z_]+):\[(\d{1,20})\]$/.exec(link.trim());
  if (match === null || match[1] !== type) {
    return err(new CollectorDomainError('NS_LINK_INVALID', `not a ${type}:[<inode>] link: ${JSON.stringify(link)}`));
  }
  const inode = Number(match[2]);
  if (!Number.isSafeInteger(inode) || inode === 0) {
    return err(new CollectorDomainError('NS_LINK_INVALID', `namespace inode out of range: ${match[2]}`));
  }
  return ok(inode);
}
