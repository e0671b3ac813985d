import type { Aggregate } from './aggregate';

/**
 * The live aggregates and their indexes: by program (the per-process merge), by creation key (the
 * seed's key1), the package aggregate of each container, and least-recently-updated order overall
 * and per container (for early flushes when a cap is reached).
 */
export class AggregateStore {
  private readonly lru = new Set<Aggregate>();
  private readonly containers = new Map<string, Set<Aggregate>>();
  private readonly programs = new Map<string, Aggregate>();
  private readonly keys = new Map<string, Aggregate>();
  private readonly packages = new Map<string, Aggregate>();

  get size(): number {
    return this.lru.size;
  }

  add(agg: Aggregate): void {
    this.lru.add(agg);
    let set = this.containers.get(agg.containerKey);
    if (set === undefined) this.containers.set(agg.containerKey, (set = new Set()));
    set.add(agg);
    if (agg.kind === 'package') this.packages.set(agg.containerKey, agg);
    if (agg.programKey !== null) this.programs.set(agg.programKey, agg);
    if (agg.ownedKey !== null && !this.keys.has(agg.ownedKey)) this.keys.set(agg.ownedKey, agg);
  }

  /** Marks `agg` as the most recently updated. */
  touched(agg: Aggregate): void {
    this.lru.delete(agg);
    this.lru.add(agg);
    const set = this.containers.get(agg.containerKey);
    set?.delete(agg);
    set?.add(agg);
  }

  remove(agg: Aggregate): void {
    this.lru.delete(agg);
    const set = this.containers.get(agg.containerKey);
    set?.delete(agg);
    if (set?.size === 0) this.containers.delete(agg.containerKey);
    if (this.packages.get(agg.containerKey) === agg) this.packages.delete(agg.containerKey);
    if (agg.programKey !== null && this.programs.get(agg.programKey) === agg) this.programs.delete(agg.programKey);
    if (agg.ownedKey !== null && this.keys.get(agg.ownedKey) === agg) this.keys.delete(agg.ownedKey);
  }

  /** Gives `agg` the program it merges for (an inotify aggregate that got its process). */
  setProgram(agg: Aggregate, programKey: string): void {
    agg.programKey = programKey;
    this.programs.set(programKey, agg);
  }

  program(programKey: string): Aggregate | undefined {
    return this.programs.get(programKey);
  }

  /** The aggregate created for a (host, container, path, msg) key, while it lives. */
  owner(key: string): Aggregate | undefined {
    return this.keys.get(key);
  }

  packageOf(containerKey: string): Aggregate | undefined {
    return this.packages.get(containerKey);
  }

  /** The container's aggregates, least recently updated first (a copy: safe to remove while iterating). */
  inContainer(containerKey: string): Aggregate[] {
    return [...(this.containers.get(containerKey) ?? [])];
  }

  /** The first of the container's aggregates that satisfies `test`, least recently updated first. */
  findIn(containerKey: string, test: (agg: Aggregate) => boolean): Aggregate | undefined {
    for (const agg of this.containers.get(containerKey) ?? []) if (test(agg)) return agg;
    return undefined;
  }

  countIn(containerKey: string): number {
    return this.containers.get(containerKey)?.size ?? 0;
  }

  oldestIn(containerKey: string): Aggregate | undefined {
    return this.containers.get(containerKey)?.values().next().value;
  }

  oldest(): Aggregate | undefined {
    return this.lru.values().next().value;
  }

  /** Every live aggregate, least recently updated first (a copy). */
  all(): Aggregate[] {
    return [...this.lru];
  }

  /** The live aggregates' pins, for commit tracking. */
  *pins(): Iterable<ReadonlyMap<number, bigint>> {
    for (const agg of this.lru) yield agg.pins;
  }
}
