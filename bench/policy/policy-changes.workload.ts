import type { ContainerIdentity } from '@fsmon/contracts';
import { adminCall, type ApiAnswer } from './policy-app.runner';

export const GROUPS = 5;
/** Each group's customer filters: the user pattern and the filter key it gets (`path/regex`). */
const FILTERS = [
  { pattern: '/srv/app/*.conf', key: '/srv/app/.*\\.conf' },
  { pattern: '/var/lib/app/data/*', key: '/var/lib/app/data/.*' },
  { pattern: '/etc/app/secret.key', key: '/etc/app/secret\\.key/' },
];
const KEYS = FILTERS.map((f) => encodeURIComponent(f.key));

const groupName = (g: number) => `bench-${g}`;

/** GROUPS groups `bench-<g>` selecting containers named `bench-<g>-*`, each with three customer filters. */
export async function createGroups(base: string): Promise<void> {
  for (let g = 0; g < GROUPS; g++) {
    await adminCall(base, 'POST', '/groups', { name: groupName(g), selector: { names: [`${groupName(g)}-*`] }, mode: 'Discover' });
    for (const [i, { pattern }] of FILTERS.entries()) {
      await adminCall(base, 'POST', `/groups/${groupName(g)}/filters`, { pattern, behavior: i === 2 ? 'block_access' : 'monitor_change', apps: ['/usr/bin/cat', `/opt/app-${g}/bin/server`] });
    }
  }
}

/** A node's containers: `perNode` of them spread over the groups. */
export function nodeContainers(node: number, perNode: number): ContainerIdentity[] {
  return Array.from({ length: perNode }, (_, j) => ({ id: `c-${node}-${j}`, name: `${groupName(j % GROUPS)}-${node}-${j}`, image: 'app:1', labels: { node: String(node) } }));
}

/**
 * Change `i` of the endless workload: round-robin over the groups, cycling through an access-rule
 * update (a new allowed app), a mode switch (Discover ⇄ Monitor) and a filter's recursion toggle.
 * Each one really changes the group (so each commits a new revision and is pushed).
 */
export class ChangeWorkload {
  private readonly monitor = new Array<boolean>(GROUPS).fill(false);
  private readonly recursive = new Array<boolean>(GROUPS).fill(false);

  constructor(private readonly base: string) {}

  send(i: number): Promise<ApiAnswer> {
    const g = i % GROUPS;
    const group = `/groups/${groupName(g)}`;
    switch (Math.floor(i / GROUPS) % 3) {
      case 0:
        return adminCall(this.base, 'PUT', `${group}/access-rules/${KEYS[0]}`, { apps: ['/usr/bin/cat', `/opt/app-${g}/bin/server`, `/usr/local/bin/tool-${i}`] });
      case 1:
        this.monitor[g] = !this.monitor[g];
        return adminCall(this.base, 'PUT', `${group}/mode`, { mode: this.monitor[g] ? 'Monitor' : 'Discover' });
      default:
        this.recursive[g] = !this.recursive[g];
        return adminCall(this.base, 'PATCH', `${group}/filters/${KEYS[1]}`, { recursive: this.recursive[g] });
    }
  }
}
