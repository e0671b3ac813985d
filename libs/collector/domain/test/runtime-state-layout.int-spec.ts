import { ContainerIdentity } from '@fsmon/contracts';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  buildContainerIdentity,
  containerIdFromCgroup,
  mergeRuntimeMetadata,
  parseRuntimeState,
  type RuntimeMetadata,
  runtimeStateCandidates,
} from '../src';
import { containerdCriConfig, containersJson, crioConfig, dockerConfigV2, ID, podmanConfig, POD_UID } from './fixtures/runtime-state.fixtures';

/**
 * The app's probe loop against a host tree laid out exactly as the runtimes write it: the cgroup
 * line names the container, the candidates name the files, and what exists is parsed and merged.
 */
function identify(hostRoot: string, cgroup: string): { identity: ContainerIdentity; read: string[]; warnings: readonly string[] } {
  const found = containerIdFromCgroup(cgroup);
  if (found === null) throw new Error(`no container in ${cgroup}`);
  const namespaces = found.containerdNamespace === undefined ? undefined : [found.containerdNamespace];
  const parts: RuntimeMetadata[] = [];
  const read: string[] = [];
  for (const candidate of runtimeStateCandidates(found.runtime, found.id, { hostRoot, containerdNamespaces: namespaces })) {
    if (!existsSync(candidate.path)) continue;
    read.push(candidate.path.slice(hostRoot.length));
    const parsed = parseRuntimeState(candidate.format, readFileSync(candidate.path, 'utf8'), found.id);
    if (!parsed.ok) throw parsed.error;
    if (parsed.value !== null) parts.push(parsed.value);
  }
  const built = buildContainerIdentity(found.id, mergeRuntimeMetadata(parts));
  return { identity: ContainerIdentity.parse(built.identity), read, warnings: built.warnings };
}

/** One container per runtime; podman's id is the one containers.json lists. */
const DOCKER_ID = 'd'.repeat(64);
const CONTAINERD_ID = 'e'.repeat(64);
const CRIO_ID = 'c'.repeat(64);
const PODMAN_ID = ID;

describe('runtime state on disk', () => {
  let root: string;
  const put = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'fsmon-runtime-state-'));
    put(`/var/lib/docker/containers/${DOCKER_ID}/config.v2.json`, dockerConfigV2);
    put(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${CONTAINERD_ID}/config.json`, containerdCriConfig);
    put(`/run/containers/storage/overlay-containers/${CRIO_ID}/userdata/config.json`, crioConfig);
    put(`/var/lib/containers/storage/overlay-containers/${PODMAN_ID}/userdata/config.json`, podmanConfig);
    put('/var/lib/containers/storage/overlay-containers/containers.json', containersJson);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('docker: config.v2.json', () => {
    const { identity, read } = identify(root, `0::/system.slice/docker-${DOCKER_ID}.scope`);
    expect(read).toEqual([`/var/lib/docker/containers/${DOCKER_ID}/config.v2.json`]);
    expect(identity).toMatchObject({ id: DOCKER_ID, name: 'shop-web-1', image: 'nginx:1.25', labels: { 'com.docker.compose.project': 'shop' } });
  });

  it('containerd (Kubernetes): the task bundle’s config.json', () => {
    const cgroup = `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID.replace(/-/g, '_')}.slice/cri-containerd-${CONTAINERD_ID}.scope`;
    const { identity } = identify(root, cgroup);
    expect(identity).toMatchObject({
      name: 'nginx',
      image: 'docker.io/library/nginx:1.25',
      labels: { 'io.kubernetes.pod.name': 'web-7d4b9c8f5-x2x9q', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.container.name': 'nginx' },
    });
  });

  it('cri-o: the userdata config.json under /run first', () => {
    const { identity, read } = identify(root, `0::/kubepods.slice/kubepods-pod${POD_UID.replace(/-/g, '_')}.slice/crio-${CRIO_ID}.scope`);
    expect(read[0]).toBe(`/run/containers/storage/overlay-containers/${CRIO_ID}/userdata/config.json`);
    expect(identity.labels).toMatchObject({ 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.container.name': 'nginx' });
  });

  it('podman: annotations from config.json, name and image from containers.json', () => {
    const { identity, read } = identify(root, `0::/machine.slice/libpod-${PODMAN_ID}.scope/container`);
    expect(read).toEqual([
      `/var/lib/containers/storage/overlay-containers/${PODMAN_ID}/userdata/config.json`,
      '/var/lib/containers/storage/overlay-containers/containers.json',
    ]);
    expect(identity).toMatchObject({ name: 'billing', image: 'quay.io/acme/billing:2.1', labels: { 'com.example.team': 'payments' } });
  });

  it('a container with no state on disk still gets a valid identity', () => {
    const { identity, read } = identify(root, '0::/default/orphan');
    expect(read).toEqual([]);
    expect(identity).toEqual({ id: 'orphan', name: '', image: '', labels: {} });
  });
});
