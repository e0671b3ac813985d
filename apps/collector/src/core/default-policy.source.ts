import { type ContainerIdentity, HOST_GROUP } from '@fsmon/contracts';
import { BUILT_IN_FILTERS } from '@fsmon/rules';
import type { PolicySource, ResolvedPolicy } from './collector.ports';

const HOST: ResolvedPolicy = { revision: 0, mode: 'Monitor', groups: [HOST_GROUP], filters: BUILT_IN_FILTERS };
const CONTAINER: ResolvedPolicy = { revision: 0, mode: 'Discover', groups: [], filters: BUILT_IN_FILTERS };

/**
 * The policy without a policy service: fsmon's built-in filters everywhere (`BUILT_IN_FILTERS`: the
 * seed's 21 defaults, then the package databases the seed misses, fsmon-behaviour §8.20), the host
 * in Monitor (as the seed forces it) and containers in Discover (the seed's default mode).
 */
export class DefaultPolicySource implements PolicySource {
  resolve(container: ContainerIdentity | null): ResolvedPolicy {
    return container === null ? HOST : CONTAINER;
  }

  onChange(): void {
    // Never changes.
  }
}
