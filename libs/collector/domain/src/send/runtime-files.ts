/**
 * Files the container runtime writes (or bind-mounts) while it creates a container (§4.6 step 3).
 * Their events get a grace period after the watch starts, and reads of them are never reported.
 */
export const RUNTIME_FILES: readonly string[] = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'];

/** The seed's grace period after the watch of a container started. */
export const RUNTIME_FILE_GRACE_MS = 60_000;

/** True for a runtime-injected file (container-relative path). */
export function isRuntimeFile(containerPath: string): boolean {
  return RUNTIME_FILES.includes(containerPath);
}
