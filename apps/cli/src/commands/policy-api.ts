import { apiToken, type ConfigSources, policyUrl } from '../cli-config';
import { PolicyClient } from '../policy-client';

/** The admin API as configured (the token is read only when a request is made). */
export function policyApi(sources: ConfigSources): PolicyClient {
  return new PolicyClient(policyUrl(sources), () => apiToken(sources));
}

/** "policy revision 7, pushed to the collectors" after a change. */
export function changeSummary(r: { revision?: number; push?: string }): string {
  const push = r.push === 'pushed' ? 'pushed to the collectors' : r.push === 'pending' ? 'push pending (the broker has not taken it yet; it is retried)' : 'saved';
  return `policy revision ${r.revision ?? '?'}, ${push}`;
}
