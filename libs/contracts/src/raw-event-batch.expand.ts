import type { FileRawEvent, RawEvent, RawEventBatch, RawEventBatchWire } from './raw-event.schema';

export type Expanded = { ok: true; value: RawEventBatch } | { ok: false; reason: string };

/**
 * Turns a checked batch of either wire form into form 1, what consumers work with. A form-2
 * batch's events are rewritten in place: each table index becomes the table's object, so the
 * events of a batch share their container and process objects (consumers only read them). Its
 * only failure is an index past the end of its table.
 */
export function expandRawEventBatch(batch: RawEventBatchWire): Expanded {
  if (batch.schema === 1) return { ok: true, value: batch };
  const { containers, procs } = batch;
  const events = batch.events as unknown as RawEvent[];
  for (let i = 0; i < batch.events.length; i++) {
    const event = batch.events[i];
    if (event.type !== 'file') continue;
    const refs = event.procs;
    if (event.container !== null && event.container >= containers.length) return { ok: false, reason: `events.${i}.container: index ${event.container} past the ${containers.length} containers` };
    for (let p = 0; p < refs.length; p++) {
      if (refs[p] >= procs.length) return { ok: false, reason: `events.${i}.procs.${p}: index ${refs[p]} past the ${procs.length} processes` };
    }
    // Same fields, new values: the event keeps its shape (no property added or deleted).
    const expanded = event as unknown as FileRawEvent;
    expanded.container = event.container === null ? null : containers[event.container];
    const objects = refs as unknown as FileRawEvent['procs'];
    for (let p = 0; p < refs.length; p++) objects[p] = procs[refs[p]];
  }
  return { ok: true, value: { schema: 1, collectorId: batch.collectorId, host: batch.host, seq: batch.seq, events } };
}
