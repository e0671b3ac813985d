/**
 * Event paths as the collector's kernel reads render them. A file in a real container (its own root
 * mount) reads as its container path, so `root` is '' there; a chroot-style root on a mount the
 * collector also sees (e.g. a test rootfs) reads as its host path, so `root` is that directory.
 * `root` comes from readlink(/proc/<rootPid>/root), which the kernel renders the same way.
 */
export function kernelRootOf(rootLink: string): string {
  return rootLink === '/' ? '' : rootLink.replace(/\/+$/, '');
}

/** The kernel rendering of container path `path` under `root` (see kernelRootOf). */
export function toKernelPath(root: string, path: string): string {
  if (root === '') return path;
  return path === '/' ? root : `${root}${path}`;
}

/** The container path of a kernel-rendered path, or null when it is not under `root`. */
export function fromKernelPath(root: string, path: string): string | null {
  if (root === '') return path.startsWith('/') ? path : null;
  if (path === root) return '/';
  return path.startsWith(`${root}/`) ? path.slice(root.length) : null;
}
