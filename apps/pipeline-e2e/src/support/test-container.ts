import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Child, runProcess, startProcess, waitFor } from '@fsmon/testing';
import { buildTestRootfs } from './test-rootfs';

const CGROUP_V2 = '/sys/fs/cgroup/unified';

export interface TestContainerOptions {
  /** Directory that holds the rootfs (`<dir>/<name>`); removed by the caller. */
  readonly dir: string;
  /** Runtime state root given to the collector (RUNTIME_STATE_ROOT): the docker config.v2.json goes below it. */
  readonly stateRoot: string;
  readonly name: string;
  readonly image?: string;
  readonly labels?: Record<string, string>;
  /** Extra rootfs files: container path → content. */
  readonly files?: Readonly<Record<string, string>>;
  /** The init sleeps at most this long (a crashed run cannot leave it for long). */
  readonly lifetimeS?: number;
}

/**
 * A namespace "container" as the collector sees a docker one: its own rootfs (busybox), mount and
 * pid namespaces (`unshare --mount --pid --fork`, /proc mounted, `chroot`), a docker-style cgroup
 * v2 scope `system.slice/docker-<id>.scope`, and dockerd's config.v2.json in a test-owned runtime
 * state root. Commands run inside with nsenter.
 */
export class TestContainer {
  private constructor(
    readonly id: string,
    readonly name: string,
    readonly rootfs: string,
    readonly rootPid: number,
    private readonly init: Child,
    private readonly cgroup: string,
  ) {}

  static async start(o: TestContainerOptions): Promise<TestContainer> {
    const id = randomBytes(32).toString('hex');
    const rootfs = buildTestRootfs(path.join(o.dir, o.name), o.files);
    const stateDir = path.join(o.stateRoot, 'var/lib/docker/containers', id);
    fs.mkdirSync(stateDir, { recursive: true });
    const config = { ID: id, Name: `/${o.name}`, Image: 'sha256:0123', Config: { Image: o.image ?? 'busybox:e2e', Labels: o.labels ?? {} } };
    fs.writeFileSync(path.join(stateDir, 'config.v2.json'), JSON.stringify(config));
    const cgroup = path.join(CGROUP_V2, 'system.slice', `docker-${id}.scope`);
    fs.mkdirSync(cgroup, { recursive: true });
    const inner = `mount -t proc proc "$1/proc" && exec chroot "$1" /bin/sleep ${o.lifetimeS ?? 600}`;
    const outer = `echo $$ > "$0/cgroup.procs" && exec unshare --mount --pid --fork --kill-child /bin/sh -c '${inner}' sh "$1"`;
    const init = startProcess('/bin/sh', ['-c', outer, cgroup, rootfs]);
    let rootPid = 0;
    await waitFor(() => (rootPid = chrootedChild(init.pid, rootfs)) > 0, `container ${o.name} to start (${init.stderr()})`, 10_000);
    return new TestContainer(id, o.name, rootfs, rootPid, init, cgroup);
  }

  /** Runs `script` with the container's /bin/sh inside it (bounded); never rejects on a non-zero exit. */
  exec(script: string, timeoutMs = 10_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
    return runProcess('nsenter', ['-t', String(this.rootPid), '-m', '-p', '-r', '-w', '--', '/bin/sh', '-c', script], timeoutMs);
  }

  /** Like exec, but rejects unless the script exits 0. */
  async run(script: string, timeoutMs = 10_000): Promise<string> {
    const r = await this.exec(script, timeoutMs);
    if (r.code !== 0) throw new Error(`in ${this.name}: "${script}" exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** Kills every process of the container and removes its cgroup (bounded). */
  async stop(): Promise<void> {
    this.init.kill('SIGKILL');
    try {
      process.kill(this.rootPid, 'SIGKILL');
    } catch {
      // gone with its namespace
    }
    await this.init.exited(5000).catch(() => undefined);
    await waitFor(() => !fs.existsSync(`/proc/${this.rootPid}`), `container ${this.name} init ${this.rootPid} to exit`, 5000);
    await waitFor(() => tryRmdir(this.cgroup), `cgroup ${this.cgroup} to empty`, 5000, 20);
  }
}

function chrootedChild(parent: number, root: string): number {
  const seen = [parent];
  // sh (cgroup) execs unshare, which forks the namespace's sh, which execs chroot + sleep.
  for (let i = 0; i < seen.length && i < 16; i++) {
    let children: string[] = [];
    try {
      children = fs.readFileSync(`/proc/${seen[i]}/task/${seen[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue;
    }
    for (const c of children) {
      try {
        if (fs.readlinkSync(`/proc/${c}/root`) === root) return Number(c);
      } catch {
        // not chrooted yet, or gone
      }
      seen.push(Number(c));
    }
  }
  return 0;
}

function tryRmdir(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
