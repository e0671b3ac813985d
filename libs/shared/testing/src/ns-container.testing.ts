import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Child, runProcess, startProcess, waitFor } from './fs.testing';

/** Where docker-style scopes are made: the cgroup v2 hierarchy (hybrid layout). */
export const CGROUP_V2_ROOT = '/sys/fs/cgroup/unified';

export interface NsContainerOptions {
  /** The container's root file system (see buildRootfs). */
  readonly rootfs: string;
  /** Docker-style 64-hex id: the container's processes are put in `system.slice/docker-<id>.scope`. Null: no cgroup (mntns id). */
  readonly id?: string | null;
  /** Files bind-mounted inside, as a runtime does for /etc/hosts: host source → container path. */
  readonly binds?: ReadonlyArray<{ readonly source: string; readonly target: string }>;
  /** Directories mounted inside (a tmpfs volume at each container path). */
  readonly tmpfs?: readonly string[];
  /** The init sleeps at most this long, so a crashed test run cannot leave it for good. Default 1 h. */
  readonly lifetimeS?: number;
}

/** A 64-hex container id. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

/** What dockerd keeps of a container that the collector reads (config.v2.json). */
export interface DockerState {
  readonly name: string;
  readonly image: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Writes a docker config.v2.json below `stateRoot` (the collector's RUNTIME_STATE_ROOT) as dockerd lays it out. */
export function writeDockerState(stateRoot: string, id: string, c: DockerState): string {
  const dir = path.join(stateRoot, 'var/lib/docker/containers', id);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.v2.json');
  fs.writeFileSync(file, JSON.stringify({ ID: id, Name: `/${c.name}`, Image: 'sha256:0123', Config: { Image: c.image, Labels: c.labels ?? {} } }));
  return file;
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A namespace "container": `unshare --mount --pid --fork` with /proc mounted, optional bind mounts
 * and volumes, then `chroot` into the rootfs running `sleep` as its init. With an id, the processes
 * live in a docker-style cgroup v2 scope (`CGROUP_V2_ROOT/system.slice/docker-<id>.scope`), which
 * is how the collector tells the container's id. Commands run inside with nsenter (same mount and
 * pid namespace and root). `stop` kills it and removes the cgroup. Needs root.
 */
export class NsContainer {
  private constructor(
    readonly rootfs: string,
    readonly id: string | null,
    readonly rootPid: number,
    private readonly child: ChildProcess,
    private readonly cgroup: string | null,
  ) {}

  static async start(options: NsContainerOptions): Promise<NsContainer> {
    const id = options.id ?? null;
    const cgroup = id === null ? null : path.join(CGROUP_V2_ROOT, 'system.slice', `docker-${id}.scope`);
    if (cgroup !== null) fs.mkdirSync(cgroup, { recursive: true });
    const root = options.rootfs;
    const mounts = [
      `mount -t proc proc ${shQuote(`${root}/proc`)}`,
      ...(options.binds ?? []).map((b) => `mount --bind ${shQuote(b.source)} ${shQuote(root + b.target)}`),
      ...(options.tmpfs ?? []).map((t) => `mkdir -p ${shQuote(root + t)} && mount -t tmpfs tmpfs ${shQuote(root + t)}`),
    ];
    const inner = `${mounts.join(' && ')} && exec chroot ${shQuote(root)} /bin/sleep ${options.lifetimeS ?? 3600}`;
    const enter = cgroup === null ? '' : `echo $$ > ${shQuote(`${cgroup}/cgroup.procs`)} && `;
    const child = spawn('/bin/sh', ['-c', `${enter}exec unshare --mount --pid --fork --kill-child /bin/sh -c ${shQuote(inner)}`], { stdio: 'ignore', detached: true });
    let rootPid = -1;
    try {
      await waitFor(() => (rootPid = chrootedChild(child.pid ?? -1, root)) > 0, `the container init in ${root}`, 5000, 20);
    } catch (e) {
      child.kill('SIGKILL');
      if (cgroup !== null) tryRmdir(cgroup);
      throw e;
    }
    return new NsContainer(root, id, rootPid, child, cgroup);
  }

  private nsenter(): string[] {
    return ['-t', String(this.rootPid), '-m', '-p', '--root', '--wd'];
  }

  /** Runs `script` with the container's /bin/sh inside it; resolves with its output, rejects on a non-zero exit. Bounded. */
  exec(script: string, timeoutMs = 10_000): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile('nsenter', [...this.nsenter(), '/bin/sh', '-c', script], { timeout: timeoutMs }, (error, stdout, stderr) =>
        error === null ? resolve({ stdout, stderr }) : reject(new Error(`exec ${script} in ${this.rootPid}: ${error.message} ${stderr}`)),
      );
    });
  }

  /** Runs `script` inside (bounded) and resolves with its exit code and output, whatever the code. */
  run(script: string, timeoutMs = 10_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
    return runProcess('nsenter', [...this.nsenter(), '/bin/sh', '-c', script], timeoutMs);
  }

  /** Starts `script` inside without waiting for it (the caller bounds it with `exited`). */
  spawn(script: string): Child {
    return startProcess('nsenter', [...this.nsenter(), '/bin/sh', '-c', script]);
  }

  /** Kills every process of the container and removes its cgroup. */
  async stop(): Promise<void> {
    for (const pid of [this.rootPid, this.child.pid ?? -1]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(() => !fs.existsSync(`/proc/${this.rootPid}`), `container init ${this.rootPid} to exit`, 5000, 20);
    if (this.cgroup !== null) await waitFor(() => tryRmdir(this.cgroup as string), `cgroup ${this.cgroup} to empty`, 5000, 20);
  }
}

/** The descendant of `parent` whose root is `root` (sh execs unshare, which forks the namespace's sh, which execs chroot). */
function chrootedChild(parent: number, root: string): number {
  const seen = [parent];
  for (let i = 0; i < seen.length && i < 16; i++) {
    let kids: string[] = [];
    try {
      kids = fs.readFileSync(`/proc/${seen[i]}/task/${seen[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue;
    }
    for (const kid of kids) {
      try {
        if (fs.readlinkSync(`/proc/${kid}/root`) === root) return Number(kid);
      } catch {
        // not chrooted yet, or gone
      }
      seen.push(Number(kid));
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
