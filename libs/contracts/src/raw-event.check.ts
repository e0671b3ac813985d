import { compileFastCheck, type FastPath } from './fast-path/fast-check';
import { RawEvent } from './raw-event.schema';

export type CheckedRawEvent = { ok: true; value: RawEvent } | { ok: false; reason: string };

// Compiled on the first check (tens of milliseconds), not at import.
let fastPath: FastPath | undefined;

/**
 * `RawEvent.safeParse` for an event the caller built and hands over (a collector's classified
 * events): the same verdict and, on success, the same value up to key order, several times faster.
 * An event the fast check accepts is returned itself, zod's defaults filled into it in place (hence
 * "owned"); any other goes to zod, whose verdict (with the first problems found) and copy it returns.
 */
export function checkOwnedRawEvent(event: unknown): CheckedRawEvent {
  fastPath ??= compileFastCheck(RawEvent);
  if (fastPath.check?.(event)) return { ok: true, value: event as RawEvent };
  const parsed = RawEvent.safeParse(event);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** Whether checkOwnedRawEvent has its fast check, or why zod checks every event alone. */
export function rawEventCheckPath(): { fast: true } | { fast: false; why: string } {
  fastPath ??= compileFastCheck(RawEvent);
  return fastPath.check ? { fast: true } : { fast: false, why: fastPath.refused };
}
