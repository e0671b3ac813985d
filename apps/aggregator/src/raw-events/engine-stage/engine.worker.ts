import { parentPort, workerData } from 'node:worker_threads';
import { AggregatorError, ReportAggregator, type BatchOutcome } from '@fsmon/aggregator-domain';
import { decodeValue, prepareCodecs, Topics, type MonitorMessage } from '@fsmon/contracts';
import { encodeReport } from '../../reports/outgoing-report';
import type { BatchItem, EngineCommand, EngineReply, EngineWorkerData, GapNotice, Rejection } from './engine.protocol';

// One engine worker: decodes and validates raw-event messages, runs a ReportAggregator over them
// and encodes its reports, off the consuming thread. Started by EngineShard (through its bootstrap), never imported.
const port = parentPort;
if (port === null) throw new Error('engine.worker runs as a worker thread only');
const { config, ring } = workerData as EngineWorkerData;
const engine = new ReportAggregator(config);
// Compiled now, not inside the first batches: each costs tens of milliseconds.
prepareCodecs(Topics.RawEvents, Topics.Reports);

port.on('message', (cmd: EngineCommand) => {
  const reply = handle(cmd);
  // The values packed in one exact-size buffer, moved rather than copied (Buffer.from(string) may
  // sit in a shared pool slab, which a clone would copy whole); each report keeps a view of it.
  const packed = new Uint8Array(reply.reports.reduce((n, r) => n + r.value.byteLength, 0));
  let at = 0;
  for (const r of reply.reports) {
    packed.set(r.value, at);
    r.value = packed.subarray(at, (at += r.value.byteLength));
  }
  port.postMessage(reply, [packed.buffer]);
});

function handle(cmd: EngineCommand): EngineReply {
  let reports: MonitorMessage[] = [];
  const gaps: GapNotice[] = [];
  let rejected: (Rejection | undefined)[] | undefined;
  switch (cmd.op) {
    case 'batch': {
      // Read before replying: the reply hands the batch's part of the ring back to be written again.
      const values = cmd.ring ? new Uint8Array(ring, cmd.ring.at, cmd.ring.length) : cmd.bytes;
      rejected = cmd.items.map((item) => {
        const outcome = accept(item, values);
        if ('cause' in outcome) return outcome;
        for (const r of outcome.reports) reports.push(r);
        for (const g of outcome.gaps) gaps.push(g);
        return undefined;
      });
      break;
    }
    case 'tick':
      reports = engine.tick();
      break;
    case 'flushAll':
      reports = engine.flushAll();
      break;
    case 'drop':
      reports = engine.dropPartitions(cmd.partitions);
      break;
    case 'skip':
      engine.skip(cmd);
      break;
  }
  return { op: cmd.op, reports: reports.map(encodeReport), gaps, rejected, safe: safeOffsets(cmd.op), metrics: engine.metrics() };
}

/**
 * Safe offsets walk every live window's pins: after a batch, at most every SAFE_EVERY_MS (the main
 * thread keeps the previous ones meanwhile, which stay safe: they only ever lag); always after the
 * other commands (a tick, the final flush, a drop).
 */
const SAFE_EVERY_MS = 100;
let safeTakenAt = 0;
function safeOffsets(op: EngineCommand['op']): EngineReply['safe'] {
  const now = performance.now();
  if (op === 'batch' && now - safeTakenAt < SAFE_EVERY_MS) return undefined;
  safeTakenAt = now;
  return [...engine.safeCommitOffsets()];
}

function accept(item: BatchItem, packed: Uint8Array): { reports: MonitorMessage[]; gaps: GapNotice[] } | Rejection {
  // View the item's part as a Buffer without copying (decoding copies it into a string).
  const bytes = item.tombstone ? null : Buffer.from(packed.buffer, packed.byteOffset + item.start, item.end - item.start);
  const decoded = decodeValue(Topics.RawEvents, bytes);
  if (!decoded.ok) return { cause: decoded.cause, reason: decoded.reason };
  const batch = decoded.value;
  let outcome: BatchOutcome;
  try {
    outcome = engine.acceptBatch(batch, { partition: item.partition, offset: item.offset });
  } catch (e) {
    // As when the handler ran on the consuming thread: a batch the engine throws on is dead-lettered
    // (acceptBatch checks everything before changing state, so it left the engine as it was).
    const what = e instanceof AggregatorError ? e.message : `unexpected ${(e as Error).name}: ${(e as Error).message}`;
    return { cause: 'handler-error', reason: `the grouping engine refused the batch: ${what}` };
  }
  return { reports: outcome.reports, gaps: outcome.gaps.map((gap) => ({ collectorId: batch.collectorId, hostId: batch.host.id, gap })) };
}
