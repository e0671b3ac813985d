import { parseNamespaceLink } from '@fsmon/collector-domain';
import { readLink } from './proc-fs';

/**
 * The host's mount namespace inode: pid 1's, or this process's own when pid 1 cannot be read (the
 * collector then runs in the host's namespace); 0 when neither can.
 */
export function hostMountNamespace(procDir: string): number {
  for (const pid of ['1', 'self']) {
    const link = readLink(`${procDir}/${pid}/ns/mnt`);
    const ns = link === null ? null : parseNamespaceLink(link);
    if (ns?.ok === true) return ns.value;
  }
  return 0;
}
