import type { Aggregate } from './aggregate';
import { ContainerAggregates } from './container-aggregates';
import { RecencyList } from './recency-list';

/**
 * The live aggregates, least recently updated first overall, and per container (the host is a
 * container too) with that container's indexes: by program (the per-process merge), by creation
 * key (the seed's key1: path and msg), and its package window (see ContainerAggregates).
 */
export class AggregateStore {
  private readonly lru = new RecencyList<Aggregate>();
  private readonly containers = new Map<string, ContainerAggregates>();

  get size(): number {
    return this.lru.size;
  }

  add(agg: Aggregate): void {
    this.lru.touch(agg.linkInAll);
    let c = this.containers.get(agg.containerKey);
    if (c === undefined) this.containers.set(agg.containerKey, (c = new ContainerAggregates()));
    c.recency.touch(agg.linkInContainer);
    if (agg.kind === 'package') c.package = agg;
    if (agg.program !== null) c.setProgram(agg, agg.program);
    if (agg.owns !== null) c.claim(agg, agg.owns);
  }

  /** Marks `agg` as the most recently updated. */
  touched(agg: Aggregate): void {
    this.lru.touch(agg.linkInAll);
    this.containers.get(agg.containerKey)?.recency.touch(agg.linkInContainer);
  }

  remove(agg: Aggregate): void {
    this.lru.delete(agg.linkInAll);
    const c = this.containers.get(agg.containerKey);
    if (c === undefined || !c.recency.delete(agg.linkInContainer)) return;
    if (c.package === agg) c.package = undefined;
    if (agg.program !== null) c.dropProgram(agg, agg.program);
    if (agg.owns !== null) c.release(agg, agg.owns);
    // Every indexed aggregate is in `recency`: an empty container holds nothing else.
    if (c.recency.size === 0) this.containers.delete(agg.containerKey);
  }

  /** Gives `agg` (live) the program it merges for: an inotify aggregate that got its process. */
  setProgram(agg: Aggregate, program: NonNullable<Aggregate['program']>): void {
    agg.program = program;
    this.containers.get(agg.containerKey)?.setProgram(agg, program);
  }

  /** The aggregate merging for program `id` (see programId) with this group and action in the container. */
  program(containerKey: string, id: string, group: string, action: string): Aggregate | undefined {
    return this.containers.get(containerKey)?.program(id, group, action);
  }

  /** The aggregate created for (container, path, msg), while it lives. */
  owner(containerKey: string, path: string, msg: string): Aggregate | undefined {
    return this.containers.get(containerKey)?.owner(path, msg);
  }

  packageOf(containerKey: string): Aggregate | undefined {
    return this.containers.get(containerKey)?.package;
  }

  /** The container's aggregates, least recently updated first (a copy: safe to remove while iterating). */
  inContainer(containerKey: string): Aggregate[] {
    return this.containers.get(containerKey)?.recency.toArray() ?? [];
  }

  /** The first of the container's aggregates that satisfies `test`, least recently updated first. */
  findIn(containerKey: string, test: (agg: Aggregate) => boolean): Aggregate | undefined {
    return this.containers.get(containerKey)?.recency.find(test);
  }

  countIn(containerKey: string): number {
    return this.containers.get(containerKey)?.recency.size ?? 0;
  }

  oldestIn(containerKey: string): Aggregate | undefined {
    return this.containers.get(containerKey)?.recency.first();
  }

  oldest(): Aggregate | undefined {
    return this.lru.first();
  }

  /** Every live aggregate, least recently updated first (a copy). */
  all(): Aggregate[] {
    return this.lru.toArray();
  }

  /** Every live aggregate, least recently updated first (no copy: walk it without changing the store). */
  live(): { forEach(fn: (agg: Aggregate) => void): void } {
    return this.lru;
  }
}
