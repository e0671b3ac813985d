import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** busybox applets linked into every test rootfs. */
export const ROOTFS_APPLETS = ['sh', 'echo', 'cat', 'sleep', 'mkdir', 'touch', 'mv', 'rm', 'ln', 'chmod', 'cp', 'ls', 'true', 'printf', 'id', 'su', 'head', 'dd', 'seq', 'xargs', 'sed'] as const;

export interface RootfsOptions {
  /** `/bin`, `/sbin` and `/lib` are symlinks into `/usr` (usr-merged distributions). Default false. */
  readonly usrMerged?: boolean;
  /** Extra files: container path → content. */
  readonly files?: Readonly<Record<string, string>>;
  /** Create /dev/null (a character device: shells redirect to it). Default false. */
  readonly devNull?: boolean;
  /**
   * Container paths that get their own copy of busybox: an app whose exe path differs from every
   * other process (busybox picks the applet from the name it runs as, so `/opt/app/cat` is a cat).
   */
  readonly busyboxCopies?: readonly string[];
}

/**
 * A minimal container root file system in `root`: busybox-static with its applets, a passwd with a
 * non-root user (alice, uid 1000), the runtime files (/etc/hosts, hostname, resolv.conf), a dpkg
 * status database, alice's ~/.ssh, and /usr/bin, /usr/sbin with a few tools. Returns `root`.
 * Needs /bin/busybox (busybox-static) on the host.
 */
export function buildRootfs(root: string, options: RootfsOptions = {}): string {
  const mk = (p: string) => fs.mkdirSync(path.join(root, p), { recursive: true });
  const write = (p: string, content: string) => {
    mk(path.dirname(p));
    fs.writeFileSync(path.join(root, p), content);
  };
  for (const dir of ['proc', 'tmp', 'etc', 'usr/bin', 'usr/sbin', 'usr/lib', 'usr/local/bin', 'var/lib/dpkg', 'home/alice/.ssh', 'root']) mk(dir);
  if (options.usrMerged) {
    fs.symlinkSync('usr/bin', path.join(root, 'bin'));
    fs.symlinkSync('usr/sbin', path.join(root, 'sbin'));
    fs.symlinkSync('usr/lib', path.join(root, 'lib'));
  } else {
    mk('bin');
    mk('sbin');
    mk('lib');
  }
  fs.copyFileSync('/bin/busybox', path.join(root, 'usr/bin/busybox'));
  fs.chmodSync(path.join(root, 'usr/bin/busybox'), 0o755);
  if (!options.usrMerged) fs.symlinkSync('/usr/bin/busybox', path.join(root, 'bin/busybox'));
  for (const applet of ROOTFS_APPLETS) fs.symlinkSync('/usr/bin/busybox', path.join(root, options.usrMerged ? 'usr/bin' : 'bin', applet));
  for (const copy of options.busyboxCopies ?? []) {
    mk(path.dirname(copy));
    fs.copyFileSync('/bin/busybox', path.join(root, copy));
    fs.chmodSync(path.join(root, copy), 0o755);
  }
  if (options.devNull) {
    mk('dev');
    execFileSync('mknod', ['-m', '666', path.join(root, 'dev/null'), 'c', '1', '3']);
  }
  write('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n');
  write('etc/group', 'root:x:0:\nalice:x:1000:\n');
  write('etc/shadow', 'root:*:19000:0:99999:7:::\nalice:*:19000:0:99999:7:::\n');
  write('etc/hosts', '127.0.0.1 localhost\n');
  write('etc/hostname', 'box\n');
  write('etc/resolv.conf', 'nameserver 127.0.0.53\n');
  write('var/lib/dpkg/status', 'Package: busybox\nStatus: install ok installed\n');
  write('home/alice/.ssh/authorized_keys', 'ssh-ed25519 AAAA alice\n');
  write('usr/bin/tool', '#!/bin/sh\necho tool\n');
  write('usr/sbin/daemon', '#!/bin/sh\necho daemon\n');
  for (const [p, content] of Object.entries(options.files ?? {})) write(p.replace(/^\//, ''), content);
  for (const p of ['home/alice', 'home/alice/.ssh', 'home/alice/.ssh/authorized_keys']) fs.chownSync(path.join(root, p), 1000, 1000);
  return root;
}
