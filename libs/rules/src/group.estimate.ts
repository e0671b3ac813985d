import type { FileFilter } from '@fsmon/contracts';
import { HOST_GROUP } from '@fsmon/contracts';
import { filterCovers } from './filter.matcher';

export interface EstimateGroupInput {
  /** The container's merged filters, CRD filters first (`MergedProfile.all`). */
  readonly containerFilters: readonly FileFilter[];
  readonly path: string;
  /** The access was denied. */
  readonly denied: boolean;
  readonly isHost: boolean;
  /** Used when the matching filter has no `dgroup`, or nothing matches (the service group). */
  readonly fallbackGroup?: string;
}

/**
 * The group an incident is attributed to (fsmon-behaviour §4.6): `nodes` for the host;
 * otherwise the `dgroup` of the first filter covering the path — with the same matcher as
 * everywhere, so the regex counts for non-recursive filters too (fixes §8.12) — except that a
 * denied access prefers the first covering block_access filter's group (the seed never saw a
 * denial here, §8.15). `fallbackGroup` (or '') when no filter covers the path.
 */
export function estimateGroup(input: EstimateGroupInput): string {
  if (input.isHost) return HOST_GROUP;
  const fallback = input.fallbackGroup ?? '';
  let candidate: string | undefined;
  for (const f of input.containerFilters) {
    if (!filterCovers(f, input.path)) continue;
    const group = f.dgroup === '' ? fallback : f.dgroup;
    if (!input.denied || f.behavior === 'block_access') return group;
    candidate ??= group;
  }
  return candidate ?? fallback;
}
