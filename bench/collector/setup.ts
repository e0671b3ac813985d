// The bench's world: a private tmpfs (nothing of the host's file systems is marked), the C
// baselines compiled, namespace containers with busybox rootfs built on it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newContainerId, NsContainer } from '../../apps/collector/test/support/ns-container';
import { buildRootfs } from '../../apps/collector/test/support/rootfs.builder';

const ROOT = path.resolve(__dirname, '../..');

/** Mounts a tmpfs at `dir` (created); returns the unmount. */
export function privateTmpfs(dir: string, size: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return () => {
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {
      // already gone
    }
  };
}

/** Compiles a C baseline of native/kernel-edge; `static` for binaries run inside a container rootfs. */
export function compile(tool: string, out: string, linkStatic = false): string {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('cc', [...(linkStatic ? ['-static'] : []), '-O2', '-Wall', '-o', out, path.join(ROOT, 'native/kernel-edge', `${tool}.c`)], { stdio: 'inherit', timeout: 120_000 });
  return out;
}

/** Writes `count` small files `<dir>/f0..f<count-1>`. */
export function fileSet(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${i}`), 'hello\n');
}

/** A docker-style namespace container on `root` (a fresh busybox rootfs plus `extra` set-up). */
export async function benchContainer(root: string, extra: (rootfs: string) => void): Promise<NsContainer> {
  buildRootfs(root);
  extra(root);
  return NsContainer.start({ rootfs: root, id: newContainerId() });
}
