/** Reads the seed never reports nor blocks (§2.5 step 8): `ps` needs passwd, `ls -l` needs group. */
const READ_EXCEPTIONS: ReadonlyArray<readonly [procName: string, containerPath: string]> = [
  ['ps', '/etc/passwd'],
  ['ls', '/etc/group'],
];

/**
 * True when an open without a write by `procName` on `containerPath` is a built-in exception:
 * the caller answers allow and clears IN_ACCESS from the event (a write is never an exception).
 */
export function isReadException(procName: string, containerPath: string): boolean {
  return READ_EXCEPTIONS.some(([name, path]) => name === procName && path === containerPath);
}
