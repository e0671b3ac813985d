import { ContainerIdentity } from '@fsmon/contracts';
import { ID } from '../../test/fixtures/runtime-state.fixtures';
import { buildContainerIdentity } from './container-identity.builder';
import { withKubernetesLabels } from './kubernetes-labels';
import { EMPTY_METADATA } from './runtime-metadata';
import { parseRuntimeState } from './runtime-state.parser';
import { runtimeStateCandidates } from './runtime-state.locations';

describe(runtimeStateCandidates.name, () => {
  it('lists docker’s files in probe order', () => {
    expect(runtimeStateCandidates('docker', ID)).toEqual([
      { runtime: 'docker', format: 'docker-config-v2', path: `/var/lib/docker/containers/${ID}/config.v2.json` },
      { runtime: 'docker', format: 'oci-config', path: `/run/containerd/io.containerd.runtime.v2.task/moby/${ID}/config.json` },
    ]);
  });

  it('expands containerd namespaces and prefixes the host root', () => {
    expect(runtimeStateCandidates('containerd', 'redis', { hostRoot: '/host/', containerdNamespaces: ['default'] }).map((c) => c.path)).toEqual([
      '/host/run/containerd/io.containerd.runtime.v2.task/default/redis/config.json',
      '/host/run/containerd/io.containerd.runtime.v1.linux/default/redis/config.json',
    ]);
  });

  it('tries every runtime, once per path, for an unknown runtime', () => {
    const candidates = runtimeStateCandidates('unknown', ID);
    const paths = candidates.map((c) => c.path);
    expect(new Set(paths).size).toBe(paths.length);
    // podman's files are containers/storage paths cri-o already listed.
    expect(new Set(candidates.map((c) => c.runtime))).toEqual(new Set(['docker', 'containerd', 'cri-o']));
    expect(runtimeStateCandidates('podman', ID).every((c) => paths.includes(c.path))).toBe(true);
    expect(paths).toContain('/var/lib/containers/storage/overlay-containers/containers.json');
    expect(paths).toContain(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${ID}/config.json`);
  });

  it.each([['../../etc'], ['a/b'], [''], ['.hidden']])('refuses the unsafe id %j', (id) => {
    expect(runtimeStateCandidates('unknown', id)).toEqual([]);
  });

  it('skips unsafe namespaces', () => {
    expect(runtimeStateCandidates('containerd', 'x', { containerdNamespaces: ['..', 'ok'] }).map((c) => c.path)).toEqual([
      '/run/containerd/io.containerd.runtime.v2.task/ok/x/config.json',
      '/run/containerd/io.containerd.runtime.v1.linux/ok/x/config.json',
    ]);
  });
});

describe(parseRuntimeState.name, () => {
  it('dispatches on the format; containers.json without the id is null, not an error', () => {
    expect(parseRuntimeState('containers-storage', '[]', ID)).toEqual({ ok: true, value: null });
    expect(parseRuntimeState('oci-config', '{}', ID)).toEqual({ ok: true, value: EMPTY_METADATA });
    expect(parseRuntimeState('docker-config-v2', '', ID).ok).toBe(false);
  });
});

describe(withKubernetesLabels.name, () => {
  it('adds canonical keys without overriding the kubelet’s own or adding empties', () => {
    expect(withKubernetesLabels({ 'io.kubernetes.pod.name': 'from-kubelet' }, { podName: 'other', podNamespace: 'ns', containerName: '' })).toEqual({
      'io.kubernetes.pod.name': 'from-kubelet',
      'io.kubernetes.pod.namespace': 'ns',
    });
  });
});

describe(buildContainerIdentity.name, () => {
  it('keeps what fits the contract and names what does not', () => {
    const built = buildContainerIdentity(ID, {
      name: 'web',
      image: `registry.example/${'x'.repeat(300)}`,
      labels: { ok: 'yes', huge: 'v'.repeat(2000), ['k'.repeat(300)]: 'v' },
      sandbox: false,
      warnings: ['from parsing'],
    });
    expect(built.identity).toEqual({ id: ID, name: 'web', image: '', labels: { ok: 'yes' } });
    expect(built.warnings).toHaveLength(4);
    expect(ContainerIdentity.safeParse(built.identity).success).toBe(true);
  });
});
