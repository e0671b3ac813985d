import { type ContainerIdentity, HOST_GROUP } from '@fsmon/contracts';
import { DEFAULT_FILTERS } from '@fsmon/rules';
import type { PolicySource, ResolvedPolicy } from './collector.ports';

const HOST: ResolvedPolicy = { revision: 0, mode: 'Monitor', groups: [HOST_GROUP], filters: DEFAULT_FILTERS };
const CONTAINER: ResolvedPolicy = { revision: 0, mode: 'Discover', groups: [], filters: DEFAULT_FILTERS };

/**
 * The policy without a policy service: the seed's 21 default filters everywhere, the host in
 * Monitor (as the seed forces it) and containers in Discover (the seed's default mode).
 */
export class DefaultPolicySource implements PolicySource {
  resolve(container: ContainerIdentity | null): ResolvedPolicy {
    return container === null ? HOST : CONTAINER;
  }

  onChange(): void {
    // Never changes.
  }
}
