import { containerIdFromCgroup, mntNsContainerId } from './cgroup-id.parser';

const ID = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdef0123456789';
const ID2 = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c';
const POD = '1d2c3b4a-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const POD_ = POD.replace(/-/g, '_');

const v1 = (path: string): string =>
  [`12:pids:${path}`, `11:memory:${path}`, `10:cpu,cpuacct:${path}`, `4:devices:${path}`, `1:name=systemd:${path}`, '0::/', ''].join('\n');

describe(containerIdFromCgroup.name, () => {
  it.each([
    ['docker, cgroupfs (v1)', v1(`/docker/${ID}`), { id: ID, runtime: 'docker' }],
    ['docker, systemd (v2)', `0::/system.slice/docker-${ID}.scope\n`, { id: ID, runtime: 'docker' }],
    ['docker, rootless', `0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope\n`, { id: ID, runtime: 'docker' }],
    [
      'kubernetes + containerd, systemd driver',
      `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_}.slice/cri-containerd-${ID}.scope\n`,
      { id: ID, runtime: 'containerd', podUid: POD },
    ],
    ['kubernetes guaranteed QoS', `0::/kubepods.slice/kubepods-pod${POD_}.slice/cri-containerd-${ID}.scope\n`, { id: ID, runtime: 'containerd', podUid: POD }],
    [
      'kubernetes + cri-o, systemd driver',
      `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_}.slice/crio-${ID}.scope\n`,
      { id: ID, runtime: 'cri-o', podUid: POD },
    ],
    ['kubernetes + cri-o, cgroupfs driver', v1(`/kubepods/burstable/pod${POD}/crio-${ID}`), { id: ID, runtime: 'cri-o', podUid: POD }],
    ['kubernetes, cgroupfs driver (runtime not named)', v1(`/kubepods/besteffort/pod${POD}/${ID}`), { id: ID, runtime: 'unknown', podUid: POD }],
    ['podman rootful (v2, split container cgroup)', `0::/machine.slice/libpod-${ID}.scope/container\n`, { id: ID, runtime: 'podman' }],
    ['podman, cgroupfs', `0::/libpod_parent/libpod-${ID}\n`, { id: ID, runtime: 'podman' }],
    ['podman rootless', `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container\n`, { id: ID, runtime: 'podman' }],
    ['nerdctl, systemd', `0::/system.slice/nerdctl-${ID}.scope\n`, { id: ID, runtime: 'containerd' }],
    ['containerd namespace form', v1('/default/redis'), { id: 'redis', runtime: 'containerd', containerdNamespace: 'default' }],
    ['containerd k8s.io namespace, hex id', `0::/k8s.io/${ID}\n`, { id: ID, runtime: 'containerd', containerdNamespace: 'k8s.io' }],
    ['cgroup namespace relative path', `0::/../../kubepods.slice/kubepods-pod${POD_}.slice/cri-containerd-${ID}.scope\n`, { id: ID, runtime: 'containerd', podUid: POD }],
    ['outermost container wins over a nested scope it could create', `0::/system.slice/docker-${ID}.scope/docker-${ID2}.scope\n`, { id: ID, runtime: 'docker' }],
    ['docker in docker: the host-visible container', v1(`/docker/${ID}/docker/${ID2}`), { id: ID, runtime: 'docker' }],
  ])('%s', (_name, content, expected) => {
    expect(containerIdFromCgroup(content)).toEqual(expected);
  });

  it.each([
    ['host init', '0::/init.scope\n'],
    ['host service', '0::/system.slice/sshd.service\n'],
    ['login session', v1('/user.slice/user-1000.slice/session-3.scope')],
    ['root cgroup', '0::/\n'],
    ['podman conmon', `0::/machine.slice/libpod-conmon-${ID}.scope\n`],
    ['cri-o conmon', `0::/kubepods.slice/kubepods-pod${POD_}.slice/crio-conmon-${ID}.scope\n`],
    ['another manager’s two-level path', '4:memory:/process_api/818b25dbefac4a35197973dc0059b153\n0::/\n'],
    ['unknown namespace', '0::/lxc/web\n'],
    ['short id', '0::/system.slice/docker-abc123.scope\n'],
    ['garbage', 'not a cgroup file'],
    ['empty', ''],
  ])('%s → null', (_name, content) => {
    expect(containerIdFromCgroup(content)).toBeNull();
  });

  it('takes a configured containerd namespace list', () => {
    expect(containerIdFromCgroup('0::/buildkit/job1\n', { containerdNamespaces: ['buildkit'] })).toEqual({
      id: 'job1',
      runtime: 'containerd',
      containerdNamespace: 'buildkit',
    });
  });
});

describe(mntNsContainerId.name, () => {
  it('formats the fallback id', () => {
    expect(mntNsContainerId(4026532198)).toBe('mntns:4026532198');
  });
});
