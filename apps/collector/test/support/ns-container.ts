import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const CGROUP_V2 = '/sys/fs/cgroup/unified';

export interface NsContainerOptions {
  /** The container's root file system (see buildRootfs). */
  readonly rootfs: string;
  /** Docker-style 64-hex id: the container's processes are put in `system.slice/docker-<id>.scope`. Null: no cgroup (mntns id). */
  readonly id?: string | null;
  /** Files bind-mounted inside, as a runtime does for /etc/hosts: host source → container path. */
  readonly binds?: ReadonlyArray<{ readonly source: string; readonly target: string }>;
  /** Directories mounted inside (a tmpfs volume at each container path). */
  readonly tmpfs?: readonly string[];
}

/** A 64-hex container id. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A namespace "container": `unshare --mount --pid --fork` with /proc mounted, optional bind mounts
 * and volumes, then `chroot` into the rootfs running `sleep` as its init. With an id, the processes
 * live in a docker-style cgroup v2 scope. `exec` runs a command inside (nsenter: same mount
 * namespace and root). `stop` kills it and removes the cgroup.
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
    const cgroup = id === null ? null : path.join(CGROUP_V2, 'system.slice', `docker-${id}.scope`);
    if (cgroup !== null) fs.mkdirSync(cgroup, { recursive: true });
    const root = options.rootfs;
    const mounts = [
      `mount -t proc proc ${shQuote(`${root}/proc`)}`,
      ...(options.binds ?? []).map((b) => `mount --bind ${shQuote(b.source)} ${shQuote(root + b.target)}`),
      ...(options.tmpfs ?? []).map((t) => `mkdir -p ${shQuote(root + t)} && mount -t tmpfs tmpfs ${shQuote(root + t)}`),
    ];
    const inner = `${mounts.join(' && ')} && exec chroot ${shQuote(root)} /bin/sleep 100000`;
    const enter = cgroup === null ? '' : `echo $$ > ${shQuote(`${cgroup}/cgroup.procs`)} && `;
    const child = spawn('/bin/sh', ['-c', `${enter}exec unshare --mount --pid --fork --kill-child /bin/sh -c ${shQuote(inner)}`], { stdio: 'ignore', detached: true });
    const rootPid = await findInit(child, root);
    return new NsContainer(root, id, rootPid, child, cgroup);
  }

  /** Runs `script` with the container's /bin/sh inside it; resolves with its output. Bounded. */
  exec(script: string, timeoutMs = 10_000): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile('nsenter', ['-t', String(this.rootPid), '-m', '-p', '--root', '--wd', '/bin/sh', '-c', script], { timeout: timeoutMs }, (error, stdout, stderr) =>
        error === null ? resolve({ stdout, stderr }) : reject(new Error(`exec ${script} in ${this.rootPid}: ${error.message} ${stderr}`)),
      );
    });
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
    await waitUntil(() => !fs.existsSync(`/proc/${this.rootPid}`), 5000, `container init ${this.rootPid} to exit`);
    if (this.cgroup !== null) await waitUntil(() => tryRmdir(this.cgroup as string), 5000, `cgroup ${this.cgroup} to empty`);
  }
}

async function findInit(child: ChildProcess, root: string): Promise<number> {
  let found = -1;
  await waitUntil(
    () => {
      const unsharePid = child.pid ?? -1;
      const kids = readOr(`/proc/${unsharePid}/task/${unsharePid}/children`).trim().split(/\s+/).filter(Boolean);
      for (const kid of kids) {
        let link = '';
        try {
          link = fs.readlinkSync(`/proc/${kid}/root`);
        } catch {
          continue;
        }
        if (link === root) found = Number(kid);
      }
      return found > 0;
    },
    5000,
    `the container init in ${root}`,
  );
  return found;
}

function readOr(p: string): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function tryRmdir(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
