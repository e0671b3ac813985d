import type { LoggerService } from '@nestjs/common';
import type { OutgoingReport } from './outgoing-report';
import type { ReportPublisher } from './report.publisher';

/** Per partition, the next raw-event offset the group may resume from. */
export type SafeOffsets = Map<number, string>;

export interface ReportOutboxDeps {
  publisher: ReportPublisher;
  /** What may be committed now, given that every report handed to `add` so far is acknowledged. */
  safeOffsets: () => SafeOffsets;
  /** Commits; may reject (a rebalance moved the partition), which is counted and otherwise harmless. */
  commit: (offsets: SafeOffsets) => Promise<void>;
  /** Called with each acknowledged send. */
  onPublished: (reports: readonly OutgoingReport[]) => void;
  logger: LoggerService;
}

export interface ReportOutboxOptions {
  /** Pending reports at and above which `room()` waits (back-pressure on consumption). */
  queueMax: number;
  publishBatch: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export interface OutboxStats {
  published: number;
  sendFailures: number;
  deadLettered: number;
  /** Reports neither the reports topic nor the dead-letter topic would take (logged; never expected). */
  lost: number;
  commits: number;
  commitFailures: number;
  backpressureWaits: number;
  backpressureMs: number;
}
