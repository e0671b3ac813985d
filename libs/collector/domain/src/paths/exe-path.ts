const DELETED = ' (deleted)';

/**
 * The executable path from a `/proc/<pid>/exe` link, without the kernel's " (deleted)" suffix
 * (the binary was replaced or removed while running; its path is still the process identity).
 */
export function stripDeletedSuffix(exeLink: string): string {
  return exeLink.endsWith(DELETED) ? exeLink.slice(0, -DELETED.length) : exeLink;
}
