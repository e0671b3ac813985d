/**
 * The segments of an absolute, container-relative path (`/usr/bin/ls` → `['usr', 'bin', 'ls']`,
 * `/` → `[]`). Repeated and trailing slashes are ignored; `undefined` for a relative path, which
 * no filter covers.
 */
export function splitPath(path: string): string[] | undefined {
  if (!path.startsWith('/')) return undefined;
  return path.split('/').filter((s) => s !== '');
}

/** The absolute path of some segments (`[]` → `/`). */
export function joinSegments(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/** The last segment of a path (`/usr/bin/ls` → `ls`); the path itself when it has no slash. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
