import type { RawEvent } from '@fsmon/contracts';
import type { RawEventSink } from '../core/collector.ports';

/**
 * Events per sink call. The sink validates and batches synchronously (about 10 µs an event), so a
 * pass reporting a whole burst's window (tens of thousands of paths) in one call blocked the event
 * loop for hundreds of ms; 512 keeps each call to a few ms.
 */
export const SINK_SLICE = 512;

/** Resolves after the event loop has had a turn (timers, I/O, other work queued meanwhile). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Hands `events` to the sink in order, in slices, giving the event loop a turn between slices. */
export async function enqueueInSlices(sink: RawEventSink, events: RawEvent[], containerId?: string | null): Promise<void> {
  for (let i = 0; i < events.length; i += SINK_SLICE) {
    if (i > 0) await nextTurn();
    const slice = events.length <= SINK_SLICE ? events : events.slice(i, i + SINK_SLICE);
    if (containerId === undefined) sink.enqueue(slice);
    else sink.enqueue(slice, containerId);
  }
}
