import type { FileEventKind, PolicyMode } from '@fsmon/contracts';
import type { AccessDecision, EventSource } from '../coalesce/coalescer.types';
import { WRITE_BITS } from '../masks/internal-mask';
import { RUNTIME_FILE_GRACE_MS } from './runtime-files';

export interface ReportInput {
  readonly kind: FileEventKind;
  readonly mode: PolicyMode;
  /** The coalesced internal mask (tells a written-but-unchanged file from a read). */
  readonly mask: number;
  /** The path is one of RUNTIME_FILES (see isRuntimeFile). */
  readonly isRuntimeFile: boolean;
  /** Epoch ms when monitoring of this container first began (kept across watch restarts). */
  readonly watchStartedAt: number;
  /** Epoch ms. */
  readonly now: number;
  /** The matched filter was added by the customer (only those learn in Discover). */
  readonly filterCustomerAdd: boolean;
  /** The allow-check outcome. `denied` = the app is not allowed, whether or not it was blocked. */
  readonly decision: AccessDecision;
  readonly source: EventSource;
}

export interface ReportOptions {
  /** Runtime-file grace after the watch start (default 60 s). */
  readonly graceMs?: number;
  /** Also report reads that passed the allow check in Monitor/Protect (seed: no). */
  readonly reportAllowedReads?: boolean;
}

/** Why an event is not reported; callers count these. */
export type ReportDrop = 'runtime-file-read' | 'runtime-file-grace' | 'discover-read' | 'allowed-read';

export type ReportVerdict =
  | { readonly send: true; readonly learn: boolean }
  | { readonly send: false; readonly learn: boolean; readonly drop: ReportDrop };

/**
 * Decides whether a classified event is reported (§4.6 steps 3–4 combined with the fanotify
 * report rule of §2.6), and whether it feeds Discover-mode learning.
 *
 * 1. `learn`: Discover mode, a customer-added filter, and a fanotify event (it carries the
 *    process). Learning happens whether or not the event is reported.
 * 2. Runtime files: reads are dropped, and so is everything within `graceMs` of the watch start.
 * 3. Reads (Accessed): Discover never reports them (it only learns). Monitor/Protect report a read
 *    when the allow check refused the app (denied in Protect, unauthorized in Monitor) or when the
 *    file was written but its content did not change; an allowed read without a write is dropped.
 * 4. Everything else (modifications, creations, removals, moves, attributes) is reported in every
 *    mode, including Discover (the seed too reports every close-write, whatever the mode).
 *
 * FAN_MODIFY alone: the caller coalesces it like any event. A close-write in the same window merges
 * with it into one event; a file still open for writing at the pass (no close-write yet) is
 * classified and reported then, so long-lived writers are not invisible. Its later close-write is
 * a new event in a later window.
 */
export function shouldReport(input: ReportInput, options: ReportOptions = {}): ReportVerdict {
  const learn = input.mode === 'Discover' && input.filterCustomerAdd && input.source === 'fanotify';
  const isRead = input.kind === 'Accessed';
  if (input.isRuntimeFile) {
    if (isRead) return { send: false, learn, drop: 'runtime-file-read' };
    if (input.now - input.watchStartedAt < (options.graceMs ?? RUNTIME_FILE_GRACE_MS)) {
      return { send: false, learn, drop: 'runtime-file-grace' };
    }
  }
  if (!isRead) return { send: true, learn };
  if (input.mode === 'Discover') return { send: false, learn, drop: 'discover-read' };
  const written = (input.mask & WRITE_BITS) !== 0;
  if (input.decision === 'denied' || written || options.reportAllowedReads === true) return { send: true, learn };
  return { send: false, learn, drop: 'allowed-read' };
}
