import { modeFlags } from '@fsmon/rules';
import type { Workload } from '../containers/workload';
import { blockingCapability, permissionCapableFs, rootFsTypeOf } from './blocking-capability';
import { targetOf } from './observer.notifier';
import { WorkloadWatch } from './workload.watch';

const line = (id: number, mountPoint: string, fsType: string) => `${id} 1 0:${id} / ${mountPoint} rw,relatime - ${fsType} none rw`;

describe('blocking capability', () => {
  it("reads the root's file system type: the last mount on / is the visible one", () => {
    expect(rootFsTypeOf([line(20, '/', 'ext4'), line(21, '/proc', 'proc'), line(22, '/', 'aufs')].join('\n'))).toBe('aufs');
    expect(rootFsTypeOf(line(30, '/', 'overlay'))).toBe('overlay');
    expect(rootFsTypeOf('')).toBe('');
  });

  it('rules permission events out on aufs only (the seed: "storage driver != aufs")', () => {
    expect(permissionCapableFs('aufs')).toBe(false);
    for (const fs of ['overlay', 'ext4', 'xfs', 'btrfs', 'tmpfs', '']) expect(permissionCapableFs(fs)).toBe(true);
  });

  it("reads this process's own root (the host) from /proc", () => {
    const host: Workload = { key: 'host', group: 'host', isHost: true, rootPid: 1, rootStartTime: 0, mntns: 0, rootPath: '', rootLink: '/', identity: null, runtime: 'unknown', warnings: [] };
    const b = blockingCapability('/proc', host);
    expect(b.rootFsType).not.toBe('');
    expect(b).toMatchObject({ capBlock: true, permissionCapable: b.rootFsType !== 'aufs' });
  });

  it("tells the protect module the workload's capability, and the watcher's Protect falls back to notification on aufs", () => {
    const w = { key: 'c', isHost: false, rootPid: 9, identity: { id: 'c', labels: {} } } as unknown as Workload;
    const aufs = { capBlock: true, permissionCapable: false, rootFsType: 'aufs' };
    const flags = modeFlags({ mode: 'Protect', isHost: false, capBlock: aufs.capBlock, permissionSupported: aufs.permissionCapable });
    expect(flags).toMatchObject({ permission: false, openTracking: true, fallbackReason: expect.stringMatching(/not supported here/) });
    const watch = new WorkloadWatch(w, { revision: 1, mode: 'Protect', groups: [], filters: [] }, flags, 0, aufs);
    expect(targetOf(watch)).toMatchObject({ capBlock: true, permissionCapable: false });
  });
});
