import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
 
import { type Child, makeTmpDir, runProcess, startProcess, type TmpDir } from '@fsmon/testing';
import type { ProtectWorkload } from '../../../src/protect';
import { NsContainer as WatcherContainer } from '../../support/ns-container';

const APPLETS = ['sh', 'cat', 'head', 'sleep', 'ls', 'ps', 'true', 'echo', 'touch', 'sed'];
const NATIVE = path.join(__dirname, 'native');

/**
 * A namespace container for the protect tests: the watcher's test container (own mount and pid
 * namespaces, chroot; see ../../support/ns-container) on a busybox rootfs of its own in a private
 * temporary directory, with what these tests need besides: exit codes and stderr of commands
 * (EPERM is the point), processes started in the background, static helper programs.
 */
export class NsContainer {
  private constructor(
    readonly tmp: TmpDir,
    /** The rootfs as the host sees it. */
    readonly root: string,
    private readonly inner: WatcherContainer,
    /** The chrooted init: the container's root pid. */
    readonly pid: number,
    readonly mntns: number,
  ) {}

  static async start(name: string): Promise<NsContainer> {
    const tmp = makeTmpDir(`fsmon-protect-${name}-`);
    const root = tmp.dir('rootfs');
    for (const d of ['bin', 'proc', 'etc', 'tmp', 'dev']) fs.mkdirSync(path.join(root, d), { recursive: true });
    execFileSync('mknod', ['-m', '666', path.join(root, 'dev/null'), 'c', '1', '3']);
    fs.copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'));
    fs.chmodSync(path.join(root, 'bin/busybox'), 0o755);
    for (const a of APPLETS) fs.symlinkSync('busybox', path.join(root, 'bin', a));
    const inner = await WatcherContainer.start({ rootfs: root });
    const pid = inner.rootPid;
    const mntns = Number(/\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${pid}/ns/mnt`))?.[1]);
    return new NsContainer(tmp, root, inner, pid, mntns);
  }

  /** Writes a file inside the container (from the host side, before anything is marked). */
  file(containerPath: string, content: string): string {
    const p = path.join(this.root, containerPath);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  }

  /** Compiles a test helper from native/<name>.c into the container's /bin (static). */
  installNative(name: string): void {
    execFileSync('gcc', ['-static', '-O2', '-pthread', '-o', path.join(this.root, 'bin', name), path.join(NATIVE, `${name}.c`)], { timeout: 60_000 });
  }

  /** Runs `command` with the container's sh, inside its namespaces and root (bounded); as root, or as `uid` (its group = uid). */
  run(command: string, timeoutMs = 10_000, uid?: number): Promise<{ code: number | string; stdout: string; stderr: string }> {
    const as = uid === undefined ? [] : ['-S', String(uid), '-G', String(uid)];
    return runProcess('nsenter', ['-t', String(this.pid), '-m', '-p', '-r', '-w', ...as, '--', '/bin/sh', '-c', command], timeoutMs);
  }

  /** Starts `command` inside the container without waiting for it. */
  spawn(command: string): Child {
    return startProcess('nsenter', ['-t', String(this.pid), '-m', '-p', '-r', '-w', '--', '/bin/sh', '-c', command]);
  }

  /** The watcher's view of this container, as the protect module takes it. */
  workload(key = `ns-${this.pid}`): ProtectWorkload {
    return {
      key,
      isHost: false,
      rootPid: this.pid,
      mntns: this.mntns,
      rootPath: `/proc/${this.pid}/root`,
      rootLink: fs.readlinkSync(`/proc/${this.pid}/root`),
      identity: { id: key, name: `ns-${this.pid}`, image: 'busybox', labels: {} },
    };
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    this.tmp.remove();
  }
}
