import { envInt } from '@fsmon/config';
import { MAX_BATCH_EVENTS } from '@fsmon/contracts';
import { z } from 'zod';
import type { CollectorIdentity } from './collector-identity';
import type { CollectorDeliveryOptions } from './delivery.options';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The delivery's variables (raw events, spool, status, learned rules); spread into CollectorEnv. */
export const DeliveryEnv = {
  /** Events per raw-event batch at most (the contract allows MAX_BATCH_EVENTS). */
  RAW_BATCH_MAX_EVENTS: envInt(1, MAX_BATCH_EVENTS).default(500),
  /** Bytes of JSON per batch at most (uncompressed; the envelope aside). */
  RAW_BATCH_MAX_BYTES: envInt(KiB, 2 * MiB).default(256 * KiB),
  /** Longest an event waits for its batch to fill, ms. */
  RAW_BATCH_LINGER_MS: envInt(0, 10_000).default(50),
  /** Sealed batches held in memory at most while the broker is slow or away, bytes. */
  DELIVERY_MEMORY_MAX_BYTES: envInt(0, 4096 * MiB).default(16 * MiB),
  /** Longest pause between send attempts while the broker is unreachable, ms. */
  DELIVERY_RETRY_MAX_MS: envInt(100, 600_000).default(5000),
  /** How long shutdown keeps sending before spooling what is left, ms. */
  DELIVERY_STOP_DRAIN_MS: envInt(0, 600_000).default(3000),
  /** Where batches wait on disk when memory is full; survives restarts. */
  SPOOL_DIR: z.string().regex(/^\//, 'expected an absolute path').default('/var/lib/fsmon/spool'),
  /** Most disk the spool may use, bytes; 0 disables it (overflow is dropped, counted, announced). */
  SPOOL_MAX_BYTES: envInt(0, Number.MAX_SAFE_INTEGER).default(256 * MiB),
  /** Size at which a spool segment file is closed, bytes (at most a quarter of SPOOL_MAX_BYTES). */
  SPOOL_SEGMENT_BYTES: envInt(64 * KiB, 1024 * MiB).default(8 * MiB),
  /** Period of the collector status heartbeat, ms. */
  STATUS_INTERVAL_MS: envInt(1000, 3_600_000).default(10_000),
  /** Period of the learned-rules flush, ms (the seed's: 10 s). */
  LEARN_FLUSH_MS: envInt(100, 3_600_000).default(10_000),
  /** Learned rules waiting to be sent at most; more are dropped and counted. */
  LEARN_MAX_PENDING: envInt(1, 1_000_000).default(10_000),
};

export type DeliveryEnvValues = z.output<z.ZodObject<typeof DeliveryEnv>>;

export function deliveryOptionsFromEnv(env: DeliveryEnvValues, identity: CollectorIdentity): CollectorDeliveryOptions {
  return {
    identity,
    raw: {
      maxBatchEvents: env.RAW_BATCH_MAX_EVENTS,
      maxBatchBytes: env.RAW_BATCH_MAX_BYTES,
      lingerMs: env.RAW_BATCH_LINGER_MS,
      memoryMaxBytes: env.DELIVERY_MEMORY_MAX_BYTES,
      spoolDir: env.SPOOL_DIR,
      spoolMaxBytes: env.SPOOL_MAX_BYTES,
      spoolSegmentBytes: env.SPOOL_SEGMENT_BYTES,
      sendMaxBatches: 200,
      sendMaxBytes: MiB,
      retryInitialMs: 100,
      retryMaxMs: env.DELIVERY_RETRY_MAX_MS,
      stopDrainMs: env.DELIVERY_STOP_DRAIN_MS,
    },
    status: { intervalMs: env.STATUS_INTERVAL_MS },
    learned: { flushMs: env.LEARN_FLUSH_MS, maxPending: env.LEARN_MAX_PENDING },
  };
}
