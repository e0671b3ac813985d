import { type ContainerRuntime, DEFAULT_CONTAINERD_NAMESPACES } from './container-runtime';

/** How a runtime state file is parsed (see parseRuntimeState). */
export type RuntimeStateFormat = 'docker-config-v2' | 'oci-config' | 'containers-storage';

export interface RuntimeStateLocation {
  readonly runtime: Exclude<ContainerRuntime, 'unknown'>;
  readonly format: RuntimeStateFormat;
  /** Host path with `{id}` and (containerd) `{ns}` placeholders. */
  readonly template: string;
}

/**
 * Where each runtime keeps a container's metadata on the host (rootful installs, default roots).
 * In probe order per runtime; a runtime may need several files (podman: the OCI config has the
 * annotations, containers.json the name and image).
 */
export const RUNTIME_STATE_LOCATIONS: readonly RuntimeStateLocation[] = [
  { runtime: 'docker', format: 'docker-config-v2', template: '/var/lib/docker/containers/{id}/config.v2.json' },
  { runtime: 'docker', format: 'oci-config', template: '/run/containerd/io.containerd.runtime.v2.task/moby/{id}/config.json' },
  { runtime: 'containerd', format: 'oci-config', template: '/run/containerd/io.containerd.runtime.v2.task/{ns}/{id}/config.json' },
  { runtime: 'containerd', format: 'oci-config', template: '/run/containerd/io.containerd.runtime.v1.linux/{ns}/{id}/config.json' },
  { runtime: 'cri-o', format: 'oci-config', template: '/run/containers/storage/overlay-containers/{id}/userdata/config.json' },
  { runtime: 'cri-o', format: 'oci-config', template: '/var/lib/containers/storage/overlay-containers/{id}/userdata/config.json' },
  { runtime: 'cri-o', format: 'containers-storage', template: '/var/lib/containers/storage/overlay-containers/containers.json' },
  { runtime: 'podman', format: 'oci-config', template: '/var/lib/containers/storage/overlay-containers/{id}/userdata/config.json' },
  { runtime: 'podman', format: 'oci-config', template: '/run/containers/storage/overlay-containers/{id}/userdata/config.json' },
  { runtime: 'podman', format: 'containers-storage', template: '/var/lib/containers/storage/overlay-containers/containers.json' },
];


export interface RuntimeStateCandidate {
  readonly runtime: Exclude<ContainerRuntime, 'unknown'>;
  readonly format: RuntimeStateFormat;
  readonly path: string;
}

export interface CandidateOptions {
  /** Prefix for every path, e.g. `/host` when the host file system is mounted there. */
  readonly hostRoot?: string;
  /** containerd namespaces to try for `{ns}` (default: DEFAULT_CONTAINERD_NAMESPACES). */
  readonly containerdNamespaces?: readonly string[];
}

/** Ids and namespaces come from cgroup names; refuse anything that could leave its directory. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The files to read for a container, in order, without duplicates: every location of `runtime`
 * (all runtimes when `unknown`), `{ns}` expanded over the namespaces. The caller reads each one that
 * exists, parses it with its format, and merges the results in this order (mergeRuntimeMetadata).
 * cri-o and podman share the containers/storage paths; a shared path is listed once, under the
 * first runtime. An id or namespace that is not a plain name yields no candidates for it.
 */
export function runtimeStateCandidates(runtime: ContainerRuntime, id: string, options: CandidateOptions = {}): RuntimeStateCandidate[] {
  if (!SAFE_NAME.test(id) || id.includes('..')) return [];
  const root = (options.hostRoot ?? '').replace(/\/+$/, '');
  const namespaces = (options.containerdNamespaces ?? DEFAULT_CONTAINERD_NAMESPACES).filter((ns) => SAFE_NAME.test(ns) && !ns.includes('..'));
  const seen = new Set<string>();
  const out: RuntimeStateCandidate[] = [];
  for (const location of RUNTIME_STATE_LOCATIONS) {
    if (runtime !== 'unknown' && location.runtime !== runtime) continue;
    const withId = location.template.replace('{id}', id);
    const paths = withId.includes('{ns}') ? namespaces.map((ns) => withId.replace('{ns}', ns)) : [withId];
    for (const path of paths) {
      const full = `${root}${path}`;
      if (seen.has(full)) continue;
      seen.add(full);
      out.push({ runtime: location.runtime, format: location.format, path: full });
    }
  }
  return out;
}
