// The bench's namespace container: a rootfs in a temporary directory with static binaries and the
// file set in /data, its own mount and pid namespaces, chrooted. Everything dies with the init.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Proc, start } from '../support/procs';

export interface BenchContainer {
  readonly root: string;
  readonly pid: number;
  readonly mntns: number;
  readonly rootLink: string;
  /** Runs `argv` inside the container (pinned to `cpu`); the caller waits on the Proc. */
  exec(argv: readonly string[], cpu: number): Proc;
}

const ROOT = path.resolve(__dirname, '../..');

/** Builds the rootfs under `work` (static workload and prober, `files` files in /data) and starts the init. */
export async function startContainer(work: string, files: number, lifetimeS: number): Promise<BenchContainer> {
  const root = path.join(work, 'rootfs');
  for (const d of ['bin', 'proc', 'data']) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'));
  fs.symlinkSync('busybox', path.join(root, 'bin/sleep'));
  const cc = (out: string, src: string): void => {
    execFileSync('cc', ['-static', '-O2', '-Wall', '-o', path.join(root, 'bin', out), src], { stdio: 'inherit', timeout: 120_000 });
  };
  cc('workload', path.join(ROOT, 'native/kernel-edge/workload.c'));
  cc('verdict-prober', path.join(__dirname, 'verdict-prober.c'));
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, 'data', `f${i}`), 'hello\n');
  // --kill-child: the namespace's init (and with it everything inside) dies with unshare, which the bench kills on the way out.
  const init = start('unshare', ['--mount', '--pid', '--fork', '--kill-child', 'sh', '-c', `mount -t proc proc "$0/proc" && exec chroot "$0" /bin/sleep ${lifetimeS}`, root]);
  void init;
  const pid = await waitForInit(root);
  const mntns = Number(/\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${pid}/ns/mnt`))?.[1]);
  return {
    root,
    pid,
    mntns,
    rootLink: fs.readlinkSync(`/proc/${pid}/root`),
    exec: (argv, cpu) => start('nsenter', ['-t', String(pid), '-m', '-p', '-r', '-w', '--', ...argv], { cpu }),
  };
}

async function waitForInit(root: string): Promise<number> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.readlinkSync(`/proc/${entry}/root`) === root) return Number(entry);
      } catch {
        // gone, or not ours
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the bench container (${root}) did not start within 10 s`);
}
