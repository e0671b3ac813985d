import { parentPort, workerData } from 'node:worker_threads';
import { AggregatorError, ReportAggregator, type BatchOutcome } from '@fsmon/aggregator-domain';
import { decodeValue, Topics, type MonitorMessage } from '@fsmon/contracts';
import { encodeReport } from '../../reports/outgoing-report';
import type { EngineCommand, EngineReply, EngineWorkerData, GapNotice, Rejection } from './engine.protocol';

// One engine worker: decodes and validates raw-event messages, runs a ReportAggregator over them
// and encodes its reports, off the consuming thread. Started by EngineShard (through its bootstrap), never imported.
const port = parentPort;
if (port === null) throw new Error('engine.worker runs as a worker thread only');
const engine = new ReportAggregator((workerData as EngineWorkerData).config);

port.on('message', (cmd: EngineCommand) => {
  const reply = handle(cmd);
  // Each value in its own exact-size buffer, moved rather than copied (Buffer.from(string) may
  // sit in a shared pool slab, which a clone would copy whole).
  for (const r of reply.reports) r.value = new Uint8Array(r.value);
  port.postMessage(reply, reply.reports.map((r) => r.value.buffer as ArrayBuffer));
});

function handle(cmd: EngineCommand): EngineReply {
  let reports: MonitorMessage[] = [];
  let gaps: GapNotice[] = [];
  let rejected: Rejection | undefined;
  switch (cmd.op) {
    case 'batch': {
      const outcome = accept(cmd);
      if ('cause' in outcome) rejected = outcome;
      else ({ reports, gaps } = outcome);
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

function accept(cmd: Extract<EngineCommand, { op: 'batch' }>): { reports: MonitorMessage[]; gaps: GapNotice[] } | Rejection {
  // Structured cloning delivers a Uint8Array: view it as a Buffer without copying.
  const bytes = cmd.value === null ? null : Buffer.from(cmd.value.buffer, cmd.value.byteOffset, cmd.value.byteLength);
  const decoded = decodeValue(Topics.RawEvents, bytes);
  if (!decoded.ok) return { cause: decoded.cause, reason: decoded.reason };
  const batch = decoded.value;
  let outcome: BatchOutcome;
  try {
    outcome = engine.acceptBatch(batch, { partition: cmd.partition, offset: cmd.offset });
  } catch (e) {
    // As when the handler ran on the consuming thread: a batch the engine throws on is dead-lettered
    // (acceptBatch checks everything before changing state, so it left the engine as it was).
    const what = e instanceof AggregatorError ? e.message : `unexpected ${(e as Error).name}: ${(e as Error).message}`;
    return { cause: 'handler-error', reason: `the grouping engine refused the batch: ${what}` };
  }
  return { reports: outcome.reports, gaps: outcome.gaps.map((gap) => ({ collectorId: batch.collectorId, hostId: batch.host.id, gap })) };
}
