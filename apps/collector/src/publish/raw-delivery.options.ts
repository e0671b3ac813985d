/** Tuning of RawEventPublisher; see deliveryOptionsFromEnv for the defaults and variables. */
export interface RawDeliveryOptions {
  /** Events per batch at most. */
  maxBatchEvents: number;
  /** Bytes of event JSON per batch at most (a single larger event travels alone). */
  maxBatchBytes: number;
  /** Longest an event waits for its batch to fill. */
  lingerMs: number;
  /** Sealed batches held in memory at most, in bytes; beyond, they go to the spool. */
  memoryMaxBytes: number;
  spoolDir: string;
  /** 0 disables the spool: what does not fit in memory is dropped (counted, gap notice). */
  spoolMaxBytes: number;
  spoolSegmentBytes: number;
  /** Batches per send at most... */
  sendMaxBatches: number;
  /** ...and their bytes (uncompressed; past the first batch). */
  sendMaxBytes: number;
  /** Backoff after a failed send, doubling up to retryMaxMs. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** How long stop() keeps sending before it spools what is left in memory. */
  stopDrainMs: number;
  /** Ids for the gap notices this publisher creates; default `<collectorId>:delivery-gap:<ms>:<n>`. */
  eventId?: () => string;
}
