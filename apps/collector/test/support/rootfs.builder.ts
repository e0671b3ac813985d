import fs from 'node:fs';
import path from 'node:path';

const APPLETS = ['sh', 'echo', 'cat', 'sleep', 'mkdir', 'touch', 'mv', 'rm', 'ln', 'chmod', 'cp', 'ls', 'true', 'printf', 'id', 'su', 'head', 'dd', 'seq', 'xargs'];

export interface RootfsOptions {
  /** `/bin`, `/sbin` and `/lib` are symlinks into `/usr` (usr-merged distributions). Default false. */
  readonly usrMerged?: boolean;
  /** Extra files: container path → content. */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * A minimal container root file system: busybox-static with its applets, a passwd with a non-root
 * user (alice, uid 1000), the runtime files (/etc/hosts, hostname, resolv.conf), a dpkg status
 * database, alice's ~/.ssh, and /usr/bin, /usr/sbin with a few tools. Returns the root directory.
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
  for (const applet of APPLETS) fs.symlinkSync('/usr/bin/busybox', path.join(root, options.usrMerged ? 'usr/bin' : 'bin', applet));
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
