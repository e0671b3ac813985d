/**
 * Normalises a path inside a container root: resolves `.`, `..` and repeated slashes, and never
 * climbs above `/` (like the kernel resolving `..` at a chroot's root). Always absolute.
 */
export function normalizeContainerPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The parent directory of a container path (`/` for `/` and for top-level entries). */
export function containerDirname(path: string): string {
  const normal = normalizeContainerPath(path);
  const cut = normal.lastIndexOf('/');
  return cut <= 0 ? '/' : normal.slice(0, cut);
}

/**
 * Where a symlink at `linkPath` points, as a container path: an absolute target is taken inside
 * the container root (not the host's), a relative one from the link's directory.
 */
export function linkTargetPath(linkPath: string, target: string): string {
  return target.startsWith('/') ? normalizeContainerPath(target) : normalizeContainerPath(`${containerDirname(linkPath)}/${target}`);
}
