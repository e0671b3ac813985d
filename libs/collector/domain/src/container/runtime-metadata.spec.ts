import { parseContainersStorage } from './containers-storage.parser';
import { parseDockerConfigV2 } from './docker-config.parser';
import { parseOciConfig } from './oci-config.parser';
import { EMPTY_METADATA, mergeRuntimeMetadata } from './runtime-metadata';
import { containerdCriConfig, containersJson, crioConfig, dockerConfigV2, ID, podmanConfig, POD_UID } from '../../test/fixtures/runtime-state.fixtures';

describe(parseDockerConfigV2.name, () => {
  it('reads name without its slash, the image reference, and labels', () => {
    expect(parseDockerConfigV2(dockerConfigV2)).toEqual({
      ok: true,
      value: {
        name: 'shop-web-1',
        image: 'nginx:1.25',
        labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>', 'com.docker.compose.project': 'shop' },
        sandbox: false,
        warnings: [],
      },
    });
  });

  it('recognises a dockershim pause container and keeps kubelet labels', () => {
    const shim = JSON.stringify({
      Name: '/k8s_POD_web_shop_uid_0',
      Config: { Image: 'registry.k8s.io/pause:3.9', Labels: { 'io.kubernetes.docker.type': 'podsandbox', 'io.kubernetes.pod.name': 'web' } },
    });
    const result = parseDockerConfigV2(shim);
    expect(result.ok && result.value).toMatchObject({ sandbox: true, labels: { 'io.kubernetes.pod.name': 'web' } });
  });

  it('warns about unusable parts but keeps the rest', () => {
    const result = parseDockerConfigV2(JSON.stringify({ Name: '/x', Image: 'sha256:abc', Config: { Labels: { ok: 'y', n: 3 } } }));
    expect(result.ok && result.value).toEqual({ name: 'x', image: 'sha256:abc', labels: { ok: 'y' }, sandbox: false, warnings: ['Config.Labels.n: not a string, ignored'] });
  });

  it.each([
    ['truncated JSON', dockerConfigV2.slice(0, 100), 'JSON_INVALID'],
    ['an array', '[]', 'JSON_SHAPE_INVALID'],
    ['null', 'null', 'JSON_SHAPE_INVALID'],
  ])('%s is an error value', (_name, content, code) => {
    const result = parseDockerConfigV2(content);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});

describe(parseOciConfig.name, () => {
  const k8sLabels = {
    'io.kubernetes.pod.name': 'web-7d4b9c8f5-x2x9q',
    'io.kubernetes.pod.namespace': 'shop',
    'io.kubernetes.pod.uid': POD_UID,
    'io.kubernetes.container.name': 'nginx',
  };

  it('containerd CRI: name, image and normalised Kubernetes labels from io.kubernetes.cri.*', () => {
    expect(parseOciConfig(containerdCriConfig)).toEqual({
      ok: true,
      value: { name: 'nginx', image: 'docker.io/library/nginx:1.25', labels: k8sLabels, sandbox: false, warnings: [] },
    });
  });

  it('containerd CRI sandbox: named after the pod and marked', () => {
    const sandbox = JSON.stringify({
      annotations: {
        'io.kubernetes.cri.container-type': 'sandbox',
        'io.kubernetes.cri.sandbox-name': 'web-7d4b9c8f5-x2x9q',
        'io.kubernetes.cri.sandbox-namespace': 'shop',
        'io.kubernetes.cri.sandbox-log-directory': '/var/log/pods/shop_web_uid',
      },
    });
    const result = parseOciConfig(sandbox);
    expect(result.ok && result.value).toMatchObject({ name: 'web-7d4b9c8f5-x2x9q', sandbox: true, labels: { 'io.kubernetes.pod.namespace': 'shop' } });
  });

  it('cri-o: kubelet labels from the Labels JSON', () => {
    expect(parseOciConfig(crioConfig)).toEqual({
      ok: true,
      value: { name: `k8s_nginx_web-7d4b9c8f5-x2x9q_shop_${POD_UID}_0`, image: 'docker.io/library/nginx:1.25', labels: k8sLabels, sandbox: false, warnings: [] },
    });
  });

  it('cri-o: a malformed Labels JSON is a warning; plain annotations and Metadata still name the pod', () => {
    const broken = JSON.parse(crioConfig) as { annotations: Record<string, string> };
    broken.annotations['io.kubernetes.cri-o.Labels'] = '{"io.kubernetes.pod.name":';
    const result = parseOciConfig(JSON.stringify(broken));
    expect(result.ok && result.value.labels).toEqual({ 'io.kubernetes.pod.name': 'web-7d4b9c8f5-x2x9q', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.container.name': 'nginx' });
    expect(result.ok && result.value.warnings).toEqual([expect.stringContaining('io.kubernetes.cri-o.Labels: not JSON')]);
  });

  it('podman: user annotations become labels, runtime bookkeeping does not', () => {
    expect(parseOciConfig(podmanConfig)).toEqual({
      ok: true,
      value: { name: '', image: '', labels: { 'org.opencontainers.image.stopSignal': '15', 'com.example.team': 'payments' }, sandbox: false, warnings: [] },
    });
  });

  it('a config without annotations is valid and empty', () => {
    expect(parseOciConfig('{"ociVersion":"1.0.0"}')).toEqual({ ok: true, value: EMPTY_METADATA });
  });

  it.each([
    ['not JSON', '{', 'JSON_INVALID'],
    ['a string', '"x"', 'JSON_SHAPE_INVALID'],
  ])('%s is an error value', (_name, content, code) => {
    const result = parseOciConfig(content);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});

describe(parseContainersStorage.name, () => {
  it('indexes containers by id with name and image reference', () => {
    const result = parseContainersStorage(containersJson);
    expect(result.ok && result.value.get(ID)).toEqual({ name: 'billing', image: 'quay.io/acme/billing:2.1', labels: {}, sandbox: false, warnings: [] });
    expect(result.ok && result.value.get('ffff')?.warnings).toEqual([expect.stringContaining('containers.json[1].metadata: not JSON')]);
    expect(result.ok && result.value.size).toBe(2);
  });

  it.each([
    ['not JSON', 'nope', 'JSON_INVALID'],
    ['an object', '{}', 'JSON_SHAPE_INVALID'],
  ])('%s is an error value', (_name, content, code) => {
    const result = parseContainersStorage(content);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});

describe(mergeRuntimeMetadata.name, () => {
  it('fills name and image from later parts and unites labels, earlier first', () => {
    const merged = mergeRuntimeMetadata([
      { name: '', image: '', labels: { team: 'a', x: '1' }, sandbox: false, warnings: ['w1'] },
      { name: 'billing', image: 'img:1', labels: { team: 'b' }, sandbox: false, warnings: ['w2'] },
      { name: 'other', image: 'img:2', labels: {}, sandbox: true, warnings: [] },
    ]);
    expect(merged).toEqual({ name: 'billing', image: 'img:1', labels: { team: 'a', x: '1' }, sandbox: true, warnings: ['w1', 'w2'] });
  });
});
