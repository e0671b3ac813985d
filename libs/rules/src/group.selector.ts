import type { GroupSelector } from '@fsmon/contracts';
import { HOST_GROUP } from '@fsmon/contracts';
import { globMatches, wildcardGlob } from './glob';

/** What a selector looks at in a container. */
export interface SelectableContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Whether a group's selector takes a container. Each non-empty criterion must hold: `ids`
 * (exact), `names` and `images` (any entry matches; `*` matches any run of characters, `/` and
 * `:` included, everything else is literal), `labels` (every label present with an equal
 * value). Empty criteria are not used; a selector with no criteria at all selects nothing.
 */
export function selectsContainer(selector: Partial<GroupSelector>, container: SelectableContainer): boolean {
  const ids = selector.ids ?? [];
  const names = selector.names ?? [];
  const images = selector.images ?? [];
  const labels = Object.entries(selector.labels ?? {});
  if (ids.length + names.length + images.length + labels.length === 0) return false;
  return (
    (ids.length === 0 || ids.includes(container.id)) &&
    (names.length === 0 || anyMatches(names, container.name)) &&
    (images.length === 0 || anyMatches(images, container.image)) &&
    labels.every(([k, v]) => Object.hasOwn(container.labels, k) && container.labels[k] === v)
  );
}

/** Whether a group is the reserved host group `nodes`. */
export function isHostGroup(name: string): boolean {
  return name === HOST_GROUP;
}

export interface SelectableGroup {
  readonly name: string;
  readonly selector: Partial<GroupSelector>;
  readonly deleted?: boolean;
}

/**
 * The names of the live groups a workload belongs to: for the host (`container` null) only
 * `nodes`, whatever its selector; for a container every selecting group except `nodes`.
 */
export function groupsFor(groups: readonly SelectableGroup[], container: SelectableContainer | null): string[] {
  return groups
    .filter((g) => !g.deleted && (container === null ? isHostGroup(g.name) : !isHostGroup(g.name) && selectsContainer(g.selector, container)))
    .map((g) => g.name);
}

function anyMatches(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => globMatches(wildcardGlob(p), value));
}
