import {
  buildContainerIdentity,
  containerIdFromCgroup,
  type ContainerRuntime,
  mergeRuntimeMetadata,
  mntNsContainerId,
  parseRuntimeState,
  type RuntimeMetadata,
  runtimeStateCandidates,
  withKubernetesLabels,
} from '@fsmon/collector-domain';
import type { ContainerIdentity } from '@fsmon/contracts';
import { readText } from './proc-fs';

export interface IdentityReaderOptions {
  readonly procDir: string;
  /** Prefix of the runtimes' state paths ('/' = the host's own). */
  readonly runtimeStateRoot: string;
}

export interface ReadIdentity {
  readonly identity: ContainerIdentity;
  readonly runtime: ContainerRuntime;
  readonly warnings: readonly string[];
}

/**
 * A container's identity: its id from the root process's cgroup path (docker, containerd, cri-o,
 * podman layouts; `mntns:<inode>` when none matches), and its name, image and labels from the
 * runtime's own state files on disk (docker config.v2.json, OCI config.json, containers.json),
 * merged in the runtime's probe order. Unreadable or malformed files become warnings.
 */
export function readContainerIdentity(rootPid: number, mntns: number, options: IdentityReaderOptions): ReadIdentity {
  const cgroup = readText(`${options.procDir}/${rootPid}/cgroup`) ?? '';
  const found = containerIdFromCgroup(cgroup);
  if (found === null) {
    return { identity: { id: mntNsContainerId(mntns), name: '', image: '', labels: {} }, runtime: 'unknown', warnings: ['no runtime id in the cgroup path; identified by mount namespace'] };
  }
  const warnings: string[] = [];
  const parts: RuntimeMetadata[] = [];
  const hostRoot = options.runtimeStateRoot === '/' ? '' : options.runtimeStateRoot;
  const namespaces = found.containerdNamespace === undefined ? undefined : [found.containerdNamespace];
  for (const candidate of runtimeStateCandidates(found.runtime, found.id, { hostRoot, containerdNamespaces: namespaces })) {
    const content = readText(candidate.path);
    if (content === null) continue;
    const parsed = parseRuntimeState(candidate.format, content, found.id);
    if (!parsed.ok) warnings.push(`${candidate.path}: ${parsed.error.message}`);
    else if (parsed.value !== null) parts.push(parsed.value);
  }
  if (parts.length === 0) warnings.push(`no ${found.runtime} state found for ${found.id}`);
  const merged = mergeRuntimeMetadata(parts);
  const labels = withKubernetesLabels(merged.labels, { podUid: found.podUid });
  const built = buildContainerIdentity(found.id, { ...merged, labels });
  return { identity: built.identity, runtime: found.runtime, warnings: [...warnings, ...built.warnings] };
}
