import type { SpoolStats } from './spool/spool';

/**
 * Why events were dropped: `invalid` (failed the RawEvent contract), `too-large` (one event over
 * the consumers' value limit), `spool-full` (memory and spool full), `spool-error` (the spool
 * could not be written), `spool-corrupt` (a spooled batch was damaged), `rejected` (the broker
 * refused a batch for good), `stopped` (enqueued after stop()).
 */
export type DropCause = 'invalid' | 'too-large' | 'spool-full' | 'spool-error' | 'spool-corrupt' | 'rejected' | 'stopped';

/** `backing-off`: the last send failed (broker unreachable); batches wait in memory and the spool. */
export type DeliveryState = 'idle' | 'sending' | 'backing-off' | 'stopped';

export interface QueueDepth {
  batches: number;
  events: number;
  bytes: number;
}

export interface DeliveryStats {
  state: DeliveryState;
  /** Events in batches still collecting (not yet sealed). */
  open: Omit<QueueDepth, 'batches'>;
  memory: QueueDepth;
  spool: SpoolStats & { enabled: boolean };
  sent: { batches: number; events: number };
  /** Dropped events by cause, since start. */
  dropped: Partial<Record<DropCause, number>>;
  /** Failed sends by error code (a failed send is retried; it loses nothing by itself). */
  sendErrors: Record<string, number>;
  /** Workloads with lost events whose gap notice is not queued yet. */
  pendingGaps: number;
  lastError?: string;
}

/** The counters a publisher keeps; totals since start. */
export class DeliveryCounters {
  readonly sent = { batches: 0, events: 0 };
  readonly dropped: Partial<Record<DropCause, number>> = {};
  readonly sendErrors: Record<string, number> = {};
  lastError?: string;

  drop(cause: DropCause, events: number): void {
    this.dropped[cause] = (this.dropped[cause] ?? 0) + events;
  }

  sendError(code: string, message: string): void {
    this.sendErrors[code] = (this.sendErrors[code] ?? 0) + 1;
    this.lastError = message;
  }
}
