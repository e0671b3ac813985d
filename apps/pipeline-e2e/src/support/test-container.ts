import fs from 'node:fs';
import path from 'node:path';
import { buildRootfs, type Child, newContainerId, NsContainer, waitFor, writeDockerState } from '@fsmon/testing';

export interface TestContainerOptions {
  /** Directory that holds the rootfs (`<dir>/<name>`); removed by the caller. */
  readonly dir: string;
  /** Runtime state root given to the collector (RUNTIME_STATE_ROOT): dockerd's config.v2.json goes below it. */
  readonly stateRoot: string;
  readonly name: string;
  readonly image?: string;
  readonly labels?: Record<string, string>;
  /** Extra rootfs files: container path → content. */
  readonly files?: Readonly<Record<string, string>>;
}

/** The busybox copy every test container has: an app with an exe path of its own. */
export const APP_CAT = '/opt/app/cat';

/** A process seen from the host: its host pid and its pid inside the container. */
export interface HostProc {
  readonly pid: number;
  readonly nsPid: number;
}

/**
 * A docker container as the collector sees one: a namespace container (own rootfs with busybox,
 * mount and pid namespaces, cgroup v2 scope `system.slice/docker-<id>.scope`) plus dockerd's
 * config.v2.json with its name, image and labels in a test-owned runtime state root.
 */
export class TestContainer {
  private constructor(
    readonly name: string,
    readonly image: string,
    readonly labels: Record<string, string>,
    private readonly ns: NsContainer,
  ) {}

  static async start(o: TestContainerOptions): Promise<TestContainer> {
    const id = newContainerId();
    const image = o.image ?? 'busybox:e2e';
    const labels = o.labels ?? {};
    const rootfs = buildRootfs(path.join(o.dir, o.name), { files: o.files, devNull: true, busyboxCopies: [APP_CAT] });
    writeDockerState(o.stateRoot, id, { name: o.name, image, labels });
    return new TestContainer(o.name, image, labels, await NsContainer.start({ rootfs, id, lifetimeS: 900 }));
  }

  get id(): string {
    return this.ns.id as string;
  }

  get rootfs(): string {
    return this.ns.rootfs;
  }

  get rootPid(): number {
    return this.ns.rootPid;
  }

  /** The identity a report of this container carries. */
  get identity(): { id: string; name: string; image: string; labels: Record<string, string> } {
    return { id: this.id, name: this.name, image: this.image, labels: this.labels };
  }

  /** Runs `script` with the container's /bin/sh (bounded); resolves with the exit code and output, whatever the code. */
  exec(script: string, timeoutMs = 10_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
    return this.ns.run(script, timeoutMs);
  }

  /** Like exec, but rejects unless the script exits 0; resolves with its stdout. */
  async run(script: string, timeoutMs = 10_000): Promise<string> {
    const r = await this.ns.run(script, timeoutMs);
    if (r.code !== 0) throw new Error(`in ${this.name}: "${script}" exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** Starts `script` inside without waiting (bound it with `exited`). */
  spawn(script: string): Child {
    return this.ns.spawn(script);
  }

  /**
   * Finds, from the host, the container process whose command line contains `marker` (bounded):
   * its host pid and its pid in the container's namespace.
   */
  async find(marker: string, timeoutMs = 5000): Promise<HostProc> {
    let found: HostProc | undefined;
    await waitFor(() => (found = this.scan(marker)) !== undefined, `a process with "${marker}" in ${this.name}`, timeoutMs, 10);
    return found as HostProc;
  }

  private scan(marker: string): HostProc | undefined {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) continue;
        if (fs.readlinkSync(`/proc/${entry}/root`) !== this.rootfs) continue;
        const nspid = /^NSpid:\s+(.*)$/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1].trim().split(/\s+/) ?? [];
        // nsenter itself (host pid namespace, container root) carries the command line too.
        if (nspid.length < 2) continue;
        return { pid: Number(entry), nsPid: Number(nspid[nspid.length - 1]) };
      } catch {
        // gone meanwhile
      }
    }
    return undefined;
  }

  stop(): Promise<void> {
    return this.ns.stop();
  }
}
