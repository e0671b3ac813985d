/** The container runtimes whose cgroup layout and on-disk state fsmon understands. */
export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'unknown';

/** containerd namespaces fsmon knows: CRI (`k8s.io`), ctr/nerdctl (`default`), docker (`moby`). */
export const DEFAULT_CONTAINERD_NAMESPACES: readonly string[] = ['k8s.io', 'default', 'moby'];
