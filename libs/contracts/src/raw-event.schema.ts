import { z } from 'zod';
import { ContainerIdentity, HostIdentity, isoTime, pathText, shortText } from './common.schema';
import { FileEventKinds } from './event-texts';
import { ProcInfo } from './proc-info.schema';

/** What the node saw of the file when it classified the event (only the node can stat and hash). */
export const FileStat = z.object({
  exists: z.boolean(),
  isDir: z.boolean(),
  isSymlink: z.boolean(),
  /** First 8 bytes of the content hash, hex; empty when not hashed. */
  hash: z.string().max(64).default(''),
  /** Container-relative symlink target, when the path is a symlink. */
  linkTarget: z.string().max(4096).optional(),
});
export type FileStat = z.infer<typeof FileStat>;

/** A coalesced, classified event on one watched path. */
export const FileRawEvent = z.object({
  type: z.literal('file'),
  /** Unique per collector, monotonically increasing: `<collectorId>:<seq>`. */
  id: shortText.min(1),
  at: isoTime,
  source: z.enum(['fanotify', 'inotify', 'rescan']),
  /** null for the host (group `nodes`). */
  container: ContainerIdentity.nullable(),
  rootPid: z.number().int().positive(),
  /** Container-relative path (seed ParseMonitorPath). */
  path: pathText,
  kind: z.enum(FileEventKinds),
  msg: shortText,
  /** The union of kernel masks coalesced into this event (inotify-style bits). */
  mask: z.number().int().nonnegative(),
  filterKey: z.string().max(8192),
  group: shortText,
  protect: z.boolean(),
  userAdded: z.boolean(),
  /**
   * The allow check's verdict for a permission-tracked open: 'denied' means the check refused the
   * access (blocked in Protect, only reported in Monitor); `procs[].deny` says a process was
   * actually blocked by the kernel.
   */
  decision: z.enum(['none', 'allowed', 'denied']),
  /** Set when the path is a package database or the process a package manager. */
  package: z.boolean(),
  /** Distinct processes that caused the event; empty when only inotify saw it. */
  procs: z.array(ProcInfo).max(64),
  stat: FileStat,
});
export type FileRawEvent = z.infer<typeof FileRawEvent>;

/**
 * The collector could not see some events (kernel queue overflow, spool drop, ...). `scope` names
 * what may have been missed; a rescan follows and reports what changed as `source: 'rescan'`.
 */
export const GapRawEvent = z.object({
  type: z.literal('gap'),
  id: shortText.min(1),
  at: isoTime,
  reason: z.enum(['fanotify-overflow', 'inotify-overflow', 'coalescer-full', 'spool-full', 'read-error']),
  scope: z.string().max(4096),
  lost: z.number().int().nonnegative().optional(),
});
export type GapRawEvent = z.infer<typeof GapRawEvent>;

export const RawEvent = z.discriminatedUnion('type', [FileRawEvent, GapRawEvent]);
export type RawEvent = z.infer<typeof RawEvent>;

/** Most events a batch may carry, in either form. */
export const MAX_BATCH_EVENTS = 10_000;
/** Most entries a form-2 batch's container or process table may hold. */
export const MAX_BATCH_TABLE_ENTRIES = 10_000;

/**
 * One Kafka message on `fsmon.raw-events.v1`: a batch of events of one container (or the host), in
 * the order they were classified. Batching keeps the pipeline far above the broker's per-message
 * rate; one key per container keeps each container's events in order.
 *
 * This is wire form 1, and the form every consumer works with: a form-2 batch (below) decodes into
 * it (see decodeValue).
 */
export const RawEventBatch = z.object({
  schema: z.literal(1),
  collectorId: shortText.min(1),
  host: HostIdentity,
  /** Collector-local batch sequence number; with collectorId it identifies a batch. */
  seq: z.number().int().nonnegative(),
  events: z.array(RawEvent).min(1).max(MAX_BATCH_EVENTS),
});
export type RawEventBatch = z.infer<typeof RawEventBatch>;

const tableIndex = z.number().int().nonnegative().max(MAX_BATCH_TABLE_ENTRIES - 1);

/** A file event of a form-2 batch: its container and processes are indexes into the batch's tables. */
export const FileRawEventRefs = FileRawEvent.extend({
  container: tableIndex.nullable(),
  procs: z.array(tableIndex).max(64),
});
export type FileRawEventRefs = z.infer<typeof FileRawEventRefs>;

/**
 * Wire form 2 of a batch, what collectors write: each distinct container and process once per
 * batch, in tables the events refer to by index. A batch's events mostly share one container and
 * a few processes, so this is ~15% fewer bytes and, above all, far fewer objects for a consumer to
 * parse and check (the aggregator's largest cost per event). Same topic: aggregators read both
 * forms (a spool written by an older collector is still delivered), so they are upgraded first.
 * Indexes past a table's end are refused when the batch is decoded.
 */
export const RawEventBatchV2 = RawEventBatch.extend({
  schema: z.literal(2),
  containers: z.array(ContainerIdentity).max(MAX_BATCH_TABLE_ENTRIES),
  procs: z.array(ProcInfo).max(MAX_BATCH_TABLE_ENTRIES),
  events: z.array(z.discriminatedUnion('type', [FileRawEventRefs, GapRawEvent])).min(1).max(MAX_BATCH_EVENTS),
});
export type RawEventBatchV2 = z.infer<typeof RawEventBatchV2>;

/** What `fsmon.raw-events.v1` carries: a batch in either wire form. */
export const RawEventBatchWire = z.discriminatedUnion('schema', [RawEventBatch, RawEventBatchV2]);
export type RawEventBatchWire = z.infer<typeof RawEventBatchWire>;
