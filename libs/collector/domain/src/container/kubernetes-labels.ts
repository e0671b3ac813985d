/** The label keys policy selectors use for Kubernetes workloads, whatever the runtime. */
export const K8S_LABELS = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
} as const;

export type KubernetesIdentity = Partial<Record<keyof typeof K8S_LABELS, string>>;

/**
 * Adds the canonical Kubernetes labels from runtime-specific fields. A label already present is
 * kept (it came from the kubelet itself); empty values are not added.
 */
export function withKubernetesLabels(labels: Readonly<Record<string, string>>, k8s: KubernetesIdentity): Record<string, string> {
  const out = { ...labels };
  for (const field of Object.keys(K8S_LABELS) as Array<keyof typeof K8S_LABELS>) {
    const value = k8s[field];
    const key = K8S_LABELS[field];
    if (value !== undefined && value !== '' && (out[key] === undefined || out[key] === '')) out[key] = value;
  }
  return out;
}
