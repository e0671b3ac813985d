const READ_EXCEPTIONS: readonly (readonly [string, string])[] = [
  ['ps', '/etc/passwd'],
  ['ls', '/etc/group'],
];

/**
 * The seed's built-in read exceptions: `ps` opening `/etc/passwd` and `ls` opening `/etc/group`
 * are allowed and not reported. Matched by process name, as the seed does (busybox applets have
 * the busybox executable), so a renamed binary gets the same pass.
 */
export function isReadException(procName: string, path: string): boolean {
  return READ_EXCEPTIONS.some(([name, file]) => name === procName && file === path);
}
