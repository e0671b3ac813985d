import type { DiscoveryConfig } from '../collector.config';
import { readContainerIdentity } from './container-identity.reader';
import { hostMountNamespace } from './host-namespace';
import { inodeKey, readLink } from './proc-fs';
import { oldestPid, ProcScanner } from './proc-scanner';
import { HOST_ROOT_PID, type Workload } from './workload';

export interface DiscoveryListener {
  added(workload: Workload): void;
  removed(workload: Workload): void;
}

export interface DiscoveryCounters {
  added: number;
  removed: number;
  /** Containers seen but not watched (WATCH_ONLY_CONTAINERS). */
  excluded: number;
}

/**
 * Finds the host and the containers from /proc and tells the listener when one appears or goes.
 * A container is a group of processes sharing a mount namespace other than the host's and a root
 * other than the host's; its root pid is the group's oldest process. Scans are incremental (see
 * ProcScanner) and run every `intervalMs`; each scan also re-reads every root pid's start time, so a
 * reused pid never keeps a container alive.
 */
export class ContainerDiscovery {
  private readonly scanner: ProcScanner;
  private readonly byGroup = new Map<string, Workload>();
  private readonly excluded = new Set<string>();
  readonly hostMntns: number;
  private host: Workload | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly counters: DiscoveryCounters = { added: 0, removed: 0, excluded: 0 };

  constructor(
    private readonly config: DiscoveryConfig,
    private readonly listener: DiscoveryListener,
  ) {
    this.hostMntns = hostMountNamespace(config.procDir);
    this.scanner = new ProcScanner(config.procDir, this.hostMntns, inodeKey(config.hostRoot));
  }

  /** Reports the host (if watched), scans once, then every interval. */
  start(): void {
    if (this.config.watchHost && this.host === null) {
      this.host = {
        key: 'host',
        group: 'host',
        isHost: true,
        rootPid: HOST_ROOT_PID,
        rootStartTime: 0,
        mntns: this.hostMntns,
        rootPath: this.config.hostRoot === '/' ? '' : this.config.hostRoot,
        rootLink: '/',
        identity: null,
        runtime: 'unknown',
        warnings: [],
      };
      this.counters.added += 1;
      this.listener.added(this.host);
    }
    this.scanNow();
    this.timer ??= setInterval(() => this.scanNow(), this.config.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One scan: containers whose group changed are re-evaluated, gone ones reported. */
  scanNow(): void {
    if (!this.config.watchContainers) return;
    for (const w of this.byGroup.values()) this.scanner.revalidate(w.rootPid, w.rootStartTime);
    for (const key of this.scanner.scan()) this.reevaluate(key);
  }

  workloads(): Workload[] {
    return [...(this.host === null ? [] : [this.host]), ...this.byGroup.values()];
  }

  get scanCounters() {
    return this.scanner.counters;
  }

  private reevaluate(groupKey: string): void {
    const group = this.scanner.group(groupKey);
    const root = group === undefined ? null : oldestPid(group);
    const current = this.byGroup.get(groupKey);
    if (current !== undefined && (root === null || root.pid !== current.rootPid || root.startTime !== current.rootStartTime)) {
      this.byGroup.delete(groupKey);
      this.counters.removed += 1;
      this.listener.removed(current);
    }
    if (group === undefined || root === null) {
      for (const instance of this.excluded) if (instance.startsWith(`${groupKey}@`)) this.excluded.delete(instance);
      return;
    }
    if (this.byGroup.has(groupKey)) return;
    const instance = `${groupKey}@${root.pid}:${root.startTime}`;
    if (this.excluded.has(instance)) return;
    const read = readContainerIdentity(root.pid, group.mntns, this.config);
    if (this.config.only.length > 0 && !this.config.only.includes(read.identity.id) && !this.config.only.includes(String(root.pid))) {
      this.excluded.add(instance);
      this.counters.excluded += 1;
      return;
    }
    const workload: Workload = {
      key: `${groupKey}@${root.pid}`,
      group: groupKey,
      isHost: false,
      rootPid: root.pid,
      rootStartTime: root.startTime,
      mntns: group.mntns,
      rootPath: `${this.config.procDir}/${root.pid}/root`,
      rootLink: readLink(`${this.config.procDir}/${root.pid}/root`) ?? '/',
      identity: read.identity,
      runtime: read.runtime,
      warnings: read.warnings,
    };
    this.byGroup.set(groupKey, workload);
    this.counters.added += 1;
    this.listener.added(workload);
  }
}
