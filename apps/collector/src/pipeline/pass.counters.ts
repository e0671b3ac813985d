import type { FileEventKind, GapRawEvent } from '@fsmon/contracts';
import type { ReportDrop } from '@fsmon/collector-domain';

/** What the classification passes did, by outcome. */
export interface PassCounters {
  passes: number;
  /** A pass was due while the previous one still ran (skipped; its window grows instead). */
  overruns: number;
  /** Paths a timed pass ran out of budget for, put back into the window for the next pass. */
  requeued: number;
  /** Coalesced paths classified. */
  classified: number;
  /** Events reported, by kind. */
  reported: Partial<Record<FileEventKind, number>>;
  /** Classified events the send rules hold back, by reason. */
  notReported: Partial<Record<ReportDrop, number>>;
  /** Classified as no event (the path exists and nothing of interest changed). */
  none: number;
  /** Pending events of workloads gone before the pass (dropped, as the seed does). */
  workloadGone: number;
  /** Pending paths the last pass at shutdown had no time left to classify (not reported). */
  stopUnclassified: number;
  /** Processes not recorded on a path that already listed the contract's 64. */
  droppedProcs: number;
  /** Gap events published, by reason. */
  gaps: Partial<Record<GapRawEvent['reason'], number>>;
  /** Rescans run after gaps, and the changes they found. */
  rescans: number;
  rescanChanges: number;
  /** Sub-trees walked because a directory appeared. */
  subtrees: number;
}

export function newPassCounters(): PassCounters {
  return { passes: 0, overruns: 0, requeued: 0, classified: 0, reported: {}, notReported: {}, none: 0, workloadGone: 0, stopUnclassified: 0, droppedProcs: 0, gaps: {}, rescans: 0, rescanChanges: 0, subtrees: 0 };
}

export function bump<K extends string>(record: Partial<Record<K, number>>, key: K, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}
