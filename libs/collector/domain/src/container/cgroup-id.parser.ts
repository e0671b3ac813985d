import { type ContainerRuntime, DEFAULT_CONTAINERD_NAMESPACES } from './container-runtime';

export interface CgroupContainerId {
  readonly id: string;
  /** `unknown` when the layout names no runtime (kubelet cgroupfs driver: `/kubepods/.../pod<uid>/<id>`). */
  readonly runtime: ContainerRuntime;
  /** The Kubernetes pod uid, when the path has a `pod<uid>` level. */
  readonly podUid?: string;
  /** The containerd namespace, for the plain `/<namespace>/<id>` form. */
  readonly containerdNamespace?: string;
}

const HEX64 = '([0-9a-f]{64})';
/** One cgroup directory name → runtime; `conmon` scopes (crio-conmon-, libpod-conmon-) never match. */
const SEGMENT_RULES: ReadonlyArray<readonly [RegExp, ContainerRuntime]> = [
  [new RegExp(`^docker-${HEX64}\\.scope$`), 'docker'],
  [new RegExp(`^cri-containerd-${HEX64}\\.scope$`), 'containerd'],
  [new RegExp(`^nerdctl-${HEX64}\\.scope$`), 'containerd'],
  [new RegExp(`^crio-${HEX64}(?:\\.scope)?$`), 'cri-o'],
  [new RegExp(`^libpod-${HEX64}(?:\\.scope)?$`), 'podman'],
];
const BARE_ID = new RegExp(`^${HEX64}$`);
const POD_CGROUPFS = /^pod([0-9a-f-]{36})$/;
const POD_SYSTEMD = /^kubepods(?:-[a-z]+)?-pod([0-9a-f_]{36})\.slice$/;
/** containerd identifiers (namespaces and container ids): alphanumerics joined by `.`, `_`, `-`. */
const CONTAINERD_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** The path part of one `/proc/<pid>/cgroup` line (`hierarchy:controllers:path`, v1 or v2). */
function cgroupPath(line: string): string | null {
  const first = line.indexOf(':');
  const second = first < 0 ? -1 : line.indexOf(':', first + 1);
  return second < 0 ? null : line.slice(second + 1).trim();
}

function podUidOf(segments: readonly string[]): string | undefined {
  for (const segment of segments) {
    const cgroupfs = POD_CGROUPFS.exec(segment);
    if (cgroupfs !== null) return cgroupfs[1];
    const systemd = POD_SYSTEMD.exec(segment);
    if (systemd !== null) return systemd[1].replace(/_/g, '-');
  }
  return undefined;
}

function fromSegments(segments: readonly string[], namespaces: readonly string[]): CgroupContainerId | null {
  const podUid = podUidOf(segments);
  const withPod = (id: string, runtime: ContainerRuntime): CgroupContainerId => (podUid === undefined ? { id, runtime } : { id, runtime, podUid });
  // Outermost first: levels below a container's own cgroup can be created by the container itself
  // (cgroup delegation), so an inner `docker-<id>.scope` must not override the real one.
  for (let i = 0; i < segments.length; i++) {
    for (const [rule, runtime] of SEGMENT_RULES) {
      const match = rule.exec(segments[i]);
      if (match !== null) return withPod(match[1], runtime);
    }
    const bare = BARE_ID.exec(segments[i]);
    if (bare !== null && i > 0) {
      if (segments[i - 1] === 'docker') return withPod(bare[1], 'docker');
      if (podUid !== undefined) return withPod(bare[1], 'unknown');
    }
  }
  if (segments.length === 2) {
    const [namespace, id] = segments;
    if (namespaces.includes(namespace) && CONTAINERD_NAME.test(id) && id.length <= 76) {
      return { id, runtime: 'containerd', containerdNamespace: namespace };
    }
  }
  return null;
}

/**
 * Finds the container a process belongs to from its `/proc/<pid>/cgroup` content (cgroup v1 or
 * v2 lines). Recognised layouts:
 * - docker: `/docker/<64hex>`, `/system.slice/docker-<64hex>.scope`
 * - containerd: `.../cri-containerd-<64hex>.scope`, `nerdctl-<64hex>.scope`, and (cgroupfs driver)
 *   `/<namespace>/<id>` for the namespaces in `options.containerdNamespaces` only: other two-level
 *   paths (`/process_api/<hex>`, `/system.slice/x.service`) belong to other managers
 * - cri-o: `.../crio-<64hex>.scope` (or without `.scope`)
 * - podman: `.../libpod-<64hex>.scope` (also under `/machine.slice`, `/libpod_parent`, `.../container`)
 * - kubelet cgroupfs driver: `/kubepods/<qos>/pod<uid>/<64hex>` (runtime unknown)
 *
 * Returns null for a host process (e.g. `/init.scope`, `/system.slice/sshd.service`) or an unknown
 * layout; the caller then identifies the container by its mount namespace (see mntNsContainerId).
 */
export function containerIdFromCgroup(content: string, options: { readonly containerdNamespaces?: readonly string[] } = {}): CgroupContainerId | null {
  const namespaces = options.containerdNamespaces ?? DEFAULT_CONTAINERD_NAMESPACES;
  for (const line of content.split('\n')) {
    const path = cgroupPath(line);
    if (path === null) continue;
    const found = fromSegments(
      path.split('/').filter((s) => s !== '' && s !== '..'),
      namespaces,
    );
    if (found !== null) return found;
  }
  return null;
}

/** The fallback container id when no runtime id is known: `mntns:<inode>`. */
export function mntNsContainerId(mntNsInode: number): string {
  return `mntns:${mntNsInode}`;
}
