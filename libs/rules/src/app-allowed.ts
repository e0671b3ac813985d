import { baseName } from './path-segments';

/**
 * Whether a process is one of `apps`: an app equals its executable path, that path's base name,
 * or the process name (seed `lookupRule`). Empty names never match.
 */
export function isAppAllowed(apps: readonly string[], proc: { readonly exePath: string; readonly name: string }): boolean {
  const candidates = [proc.exePath, baseName(proc.exePath), proc.name].filter((c) => c !== '');
  return apps.some((app) => candidates.includes(app));
}
