import type { Aggregate } from './aggregate';
import { RecencyList } from './recency-list';

type Owns = NonNullable<Aggregate['owns']>;
type Program = NonNullable<Aggregate['program']>;

/**
 * One container's (or the host's) live aggregates and the indexes the grouping rules look them up
 * by. Looked up by short parts (a path, then its message; a program, then its group and action)
 * rather than by one long concatenated key per event, which V8 had to build, flatten and hash
 * afresh for every event (most of the engine's lookup cost; bench/aggregator stages).
 */
export class ContainerAggregates {
  /** Least recently updated first (through each aggregate's `linkInContainer`). */
  readonly recency = new RecencyList<Aggregate>();
  /** The live package window, if any. */
  package: Aggregate | undefined;
  /** By path: the aggregates created for (path, msg), one per msg; the first created keeps the key. */
  private readonly owners = new Map<string, Aggregate[]>();
  /** By program: the process aggregates merging for it, one per (group, action); the latest set wins. */
  private readonly programs = new Map<string, Aggregate[]>();

  /** The aggregate created for (path, msg) while it lives. */
  owner(path: string, msg: string): Aggregate | undefined {
    const list = this.owners.get(path);
    if (list === undefined) return undefined;
    for (const agg of list) if (agg.owns?.msg === msg) return agg;
    return undefined;
  }

  /** Makes `agg` the owner of (path, msg) (its `owns`) unless another live aggregate already is. */
  claim(agg: Aggregate, { path, msg }: Owns): void {
    const list = this.owners.get(path);
    if (list === undefined) this.owners.set(path, [agg]);
    else if (this.owner(path, msg) === undefined) list.push(agg);
  }

  release(agg: Aggregate, owns: Owns): void {
    removeFrom(this.owners, owns.path, agg);
  }

  /** The aggregate merging for program `id` with this group and action. */
  program(id: string, group: string, action: string): Aggregate | undefined {
    const list = this.programs.get(id);
    if (list === undefined) return undefined;
    for (const agg of list) if (agg.program?.group === group && agg.program.action === action) return agg;
    return undefined;
  }

  /** Makes `agg` the aggregate of `program` (its `program`), replacing any other for the same group and action. */
  setProgram(agg: Aggregate, { id, group, action }: Program): void {
    const list = this.programs.get(id);
    if (list === undefined) return void this.programs.set(id, [agg]);
    const other = this.program(id, group, action);
    if (other === agg) return;
    if (other !== undefined) list.splice(list.indexOf(other), 1);
    list.push(agg);
  }

  dropProgram(agg: Aggregate, program: Program): void {
    removeFrom(this.programs, program.id, agg);
  }
}

/** Removes `agg` from the list under `key` (if it is there), and the list once empty. */
function removeFrom(index: Map<string, Aggregate[]>, key: string, agg: Aggregate): void {
  const list = index.get(key);
  if (list === undefined) return;
  const at = list.indexOf(agg);
  if (at < 0) return;
  if (list.length === 1) index.delete(key);
  else list.splice(at, 1);
}
