import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const APPLETS = ['sh', 'echo', 'cat', 'head', 'sleep', 'mkdir', 'touch', 'mv', 'rm', 'ln', 'chmod', 'cp', 'ls', 'true', 'printf', 'id', 'su', 'dd', 'seq', 'sed'];

/**
 * A minimal container root file system in `root`: busybox-static in /usr/bin with its applets
 * linked in /bin, a passwd with root and alice (uid 1000), runtime files, a dpkg status database,
 * /usr/bin/tool, /dev/null, and `files` (container path → content). `/opt/app/cat` is a copy of
 * busybox: an app whose exe path differs from every other process (busybox picks the applet from
 * the name it is run as).
 */
export function buildTestRootfs(root: string, files: Readonly<Record<string, string>> = {}): string {
  const write = (p: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), content);
  };
  for (const dir of ['proc', 'tmp', 'dev', 'bin', 'sbin', 'lib', 'etc', 'usr/bin', 'usr/sbin', 'usr/lib', 'var/lib/dpkg/info', 'home/alice', 'root', 'opt/app']) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  }
  execFileSync('mknod', ['-m', '666', path.join(root, 'dev/null'), 'c', '1', '3']);
  for (const exe of ['usr/bin/busybox', 'opt/app/cat']) {
    fs.copyFileSync('/bin/busybox', path.join(root, exe));
    fs.chmodSync(path.join(root, exe), 0o755);
  }
  for (const applet of APPLETS) fs.symlinkSync('/usr/bin/busybox', path.join(root, 'bin', applet));
  write('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n');
  write('etc/group', 'root:x:0:\nalice:x:1000:\n');
  write('etc/shadow', 'root:*:19000:0:99999:7:::\nalice:*:19000:0:99999:7:::\n');
  write('etc/hosts', '127.0.0.1 localhost\n');
  write('etc/hostname', 'box\n');
  write('etc/resolv.conf', 'nameserver 127.0.0.53\n');
  write('var/lib/dpkg/status', 'Package: busybox\nStatus: install ok installed\n');
  write('usr/bin/tool', '#!/bin/sh\necho tool\n');
  for (const [p, content] of Object.entries(files)) write(p.replace(/^\//, ''), content);
  fs.chownSync(path.join(root, 'home/alice'), 1000, 1000);
  return root;
}
