import type { CollectorDomainError } from '../collector-domain.error';
import { ok, type Result } from '../result';
import { embeddedObject, parseJsonObject, stringMap, text } from './json-fields';
import { withKubernetesLabels } from './kubernetes-labels';
import type { RuntimeMetadata } from './runtime-metadata';

type Annotations = Readonly<Record<string, string>>;

const CRI = 'io.kubernetes.cri.';
const CRIO = 'io.kubernetes.cri-o.';
/** Runtime bookkeeping, not user labels. */
const INTERNAL_PREFIXES = [CRI, CRIO, 'io.podman.annotations.', 'run.oci.', 'org.systemd.property.', 'org.criu.'];
const INTERNAL_KEYS = new Set(['io.container.manager', 'bundle']);

const hasPrefix = (a: Annotations, prefix: string): boolean => Object.keys(a).some((k) => k.startsWith(prefix));

/** containerd's CRI plugin: everything is in `io.kubernetes.cri.*`; pod labels are not on disk. */
function fromCri(a: Annotations, warnings: string[]): RuntimeMetadata {
  const sandbox = a[`${CRI}container-type`] === 'sandbox';
  const containerName = a[`${CRI}container-name`] ?? '';
  const labels = withKubernetesLabels(plainKubernetes(a), {
    podName: a[`${CRI}sandbox-name`],
    podNamespace: a[`${CRI}sandbox-namespace`],
    podUid: a[`${CRI}sandbox-uid`],
    containerName,
  });
  return { name: sandbox ? (a[`${CRI}sandbox-name`] ?? '') : containerName, image: a[`${CRI}image-name`] ?? '', labels, sandbox, warnings };
}

/** cri-o (and podman pods): kubelet labels in the `Labels` JSON, the container name in `Metadata`. */
function fromCrio(a: Annotations, warnings: string[]): RuntimeMetadata {
  const kubelet = stringMap(embeddedObject(a[`${CRIO}Labels`], `${CRIO}Labels`, warnings), `${CRIO}Labels`, warnings);
  const metadata = embeddedObject(a[`${CRIO}Metadata`], `${CRIO}Metadata`, warnings);
  const labels = withKubernetesLabels({ ...plainKubernetes(a), ...kubelet }, { containerName: text(metadata['name']) });
  return {
    name: a[`${CRIO}ContainerName`] ?? '',
    image: a[`${CRIO}ImageName`] || (a[`${CRIO}Image`] ?? ''),
    labels,
    sandbox: a[`${CRIO}ContainerType`] === 'sandbox',
    warnings,
  };
}

/** podman, nerdctl, plain containerd: user annotations are the labels; names live elsewhere. */
function fromGeneric(a: Annotations, warnings: string[]): RuntimeMetadata {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(a)) {
    if (!INTERNAL_KEYS.has(key) && !INTERNAL_PREFIXES.some((p) => key.startsWith(p))) labels[key] = value;
  }
  return { name: a['nerdctl/name'] ?? '', image: '', labels, sandbox: false, warnings };
}

/** Kubernetes identity annotations some runtimes copy verbatim. */
function plainKubernetes(a: Annotations): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(a)) if (/^io\.kubernetes\.(pod|container)\./.test(key)) out[key] = value;
  return out;
}

/**
 * Parses an OCI runtime bundle `config.json` (containerd tasks, cri-o and podman `userdata/`) from
 * its `annotations`. The flavour is told by the annotation keys: `io.kubernetes.cri.*` (containerd
 * CRI), `io.kubernetes.cri-o.*` (cri-o), otherwise generic (podman: `io.podman.annotations.*`,
 * `io.container.manager=libpod`; nerdctl: `nerdctl/name`). Labels always include
 * `io.kubernetes.pod.name`, `io.kubernetes.pod.namespace` and `io.kubernetes.container.name` when
 * the file names them in any form.
 *
 * Podman keeps a container's name and image in its database, not here: merge with the
 * `containers-storage` result. A malformed embedded JSON annotation is a warning, not a failure.
 */
export function parseOciConfig(content: string): Result<RuntimeMetadata, CollectorDomainError> {
  const parsed = parseJsonObject(content, 'OCI config.json');
  if (!parsed.ok) return parsed;
  const warnings: string[] = [];
  const annotations = stringMap(parsed.value['annotations'], 'annotations', warnings);
  if (hasPrefix(annotations, CRI)) return ok(fromCri(annotations, warnings));
  if (hasPrefix(annotations, CRIO)) return ok(fromCrio(annotations, warnings));
  return ok(fromGeneric(annotations, warnings));
}
