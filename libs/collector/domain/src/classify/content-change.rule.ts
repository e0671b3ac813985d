import { WRITE_BITS } from '../masks/internal-mask';
import type { ClassifyAction } from './classify.types';

export interface ContentChange {
  readonly kind: 'Accessed' | 'Modified';
  readonly actions: readonly ClassifyAction[];
}

/**
 * The access/write row shared by both tables, with the seed's baseline bugs fixed (§8.4): the
 * baseline is the path's own, and a path never baselined counts as modified when it was written.
 *
 * | hash now | baseline | result |
 * |---|---|---|
 * | (directory) | – | Accessed |
 * | null | – | Modified if a write bit, else Accessed |
 * | h | null | Modified if a write bit, else Accessed; baseline := h |
 * | h | ≠ h | Modified; baseline := h |
 * | h | = h | Accessed (written or not: the content did not change) |
 */
export function contentChange(mask: number, isDir: boolean, baseline: string | null, hash: string | null): ContentChange {
  const written = (mask & WRITE_BITS) !== 0;
  if (isDir) return { kind: 'Accessed', actions: [] };
  if (hash === null) return { kind: written ? 'Modified' : 'Accessed', actions: [] };
  if (baseline === null) {
    return { kind: written ? 'Modified' : 'Accessed', actions: [{ type: 'update-baseline', hash }] };
  }
  if (baseline !== hash) return { kind: 'Modified', actions: [{ type: 'update-baseline', hash }] };
  return { kind: 'Accessed', actions: [] };
}
