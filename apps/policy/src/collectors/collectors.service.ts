import { Inject, Injectable } from '@nestjs/common';
import type { CollectorStatus, FileFilter, GroupPolicy, WatchedContainer } from '@fsmon/contracts';
import { type CollectorLag, collectorLag, type CollectorRecord, PolicyProblem } from '@fsmon/policy-domain';
import { mergeProfiles } from '@fsmon/rules';
import { ProblemError } from '../http/api.errors';
import type { PolicyConfig } from '../policy.config';
import { CollectorRepository } from '../store/collector.repository';
import { GroupRepository } from '../store/group.repository';
import { POLICY_CONFIG } from '../store/policy.di-tokens';

/** A collector as /collectors shows it: last status (without the container list), lag, flags. */
export interface CollectorView extends CollectorLag {
  collectorId: string;
  host: CollectorStatus['host'];
  version: string;
  startedAt: string;
  lastStatusAt: string;
  receivedAt: string;
  capabilities: CollectorStatus['capabilities'];
  probe: CollectorStatus['probe'];
  drops: CollectorStatus['drops'];
  containers: number;
}

/** One watched workload: what the collector reported, plus the filters its groups give it now. */
export interface WatchView extends WatchedContainer {
  filters: FileFilter[];
  filtersCRD: FileFilter[];
  /** Groups the collector named that the policy no longer has. */
  unknownGroups: string[];
}

/** The collectors' last statuses with their lag behind the policy revision. */
@Injectable()
export class CollectorsService {
  constructor(
    private readonly collectors: CollectorRepository,
    private readonly groups: GroupRepository,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {}

  async list(): Promise<{ revision: number; collectors: CollectorView[] }> {
    const { revision, records } = await this.collectors.list();
    const now = Date.now();
    const views = records.map((r) => this.view(r, revision, now)).sort((a, b) => (a.collectorId < b.collectorId ? -1 : 1));
    return { revision, collectors: views };
  }

  async get(id: string): Promise<CollectorView & { containerList: WatchedContainer[] }> {
    const { revision, record } = await this.record(id);
    return { ...this.view(record, revision, Date.now()), containerList: record.status.containers };
  }

  /**
   * The watch list per container as the collector last reported it (its containers, groups, mode,
   * permission enforcement), with the merged filters those groups give it in the current policy.
   * It is not a live file listing from the collector (the seed's per-path debug view).
   */
  async watches(id: string, containerId?: string): Promise<{ collectorId: string; at: string; appliedRevision: number; watches: WatchView[] }> {
    const { record } = await this.record(id);
    const { groups } = await this.groups.snapshot();
    const byName = new Map(groups.map((g) => [g.name, g]));
    const containers = record.status.containers.filter((c) => containerId === undefined || c.container?.id === containerId);
    if (containerId !== undefined && containers.length === 0) {
      throw new ProblemError(PolicyProblem.notFound('CONTAINER_NOT_FOUND', `collector "${id}" reported no container "${containerId}"`, { containerId }));
    }
    return { collectorId: id, at: record.status.at, appliedRevision: record.status.appliedRevision, watches: containers.map((c) => watchView(c, byName)) };
  }

  private async record(id: string): Promise<{ revision: number; record: CollectorRecord }> {
    const { revision, records } = await this.collectors.list();
    const record = records.find((r) => r.status.collectorId === id);
    if (!record) throw new ProblemError(PolicyProblem.notFound('COLLECTOR_NOT_FOUND', `no status from collector "${id}"`, { id }));
    return { revision, record };
  }

  private view(r: CollectorRecord, revision: number, now: number): CollectorView {
    const s = r.status;
    return {
      collectorId: s.collectorId,
      host: s.host,
      version: s.version,
      startedAt: s.startedAt,
      lastStatusAt: s.at,
      receivedAt: r.receivedAt,
      capabilities: s.capabilities,
      probe: s.probe,
      drops: s.drops,
      containers: s.containers.length,
      ...collectorLag(r, revision, now, this.config.collectors),
    };
  }
}

function watchView(c: WatchedContainer, groups: ReadonlyMap<string, GroupPolicy>): WatchView {
  const known = c.groups.flatMap((name) => groups.get(name) ?? []);
  const merged = mergeProfiles(known.map((g) => g.profile));
  return { ...c, filters: [...merged.filters], filtersCRD: [...merged.filtersCRD], unknownGroups: c.groups.filter((n) => !groups.has(n)) };
}
