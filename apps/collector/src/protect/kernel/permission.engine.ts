import {
  FAN,
  PermissionResponder,
  type PermissionAsk,
  type PermissionCounters,
  type PermissionReport,
  type PermissionRule,
  type Verdict,
} from '@fsmon/fs-events';
import type { PermissionEntry } from '../compile/permission-entry';
import type { MarkBackend } from './mark.ledger';

export interface PermissionEngineOptions {
  /** How long an 'ask' may take before the entry's fail verdict answers. */
  readonly deadlineMs: number;
  /** Answered events, in batches, off the answering path. */
  readonly onReport: (reports: PermissionReport[]) => void;
  /** Decides 'ask' entries (only with a decision hook). */
  readonly onAsk?: (ask: PermissionAsk) => Verdict | Promise<Verdict>;
  /** The worker stopped by itself (its group was closed: the kernel allowed what was pending). */
  readonly onError: (error: Error) => void;
  readonly reportIntervalMs?: number;
}

/**
 * The permission group: one fs-events PermissionResponder whose worker answers every permission
 * event inline from the pushed table. Unmatched paths, the collector's own opens, an unreadable
 * event path and decision errors are allowed (fail-open, as the seed); so is whatever is still
 * queued at close. Marks are FAN_OPEN_PERM, on directories for their children.
 */
export class PermissionEngine implements MarkBackend {
  private constructor(private readonly responder: PermissionResponder) {}

  /** @throws FsEventsError when the group cannot be opened (no fanotify, no privilege). */
  static async open(options: PermissionEngineOptions): Promise<PermissionEngine> {
    const responder = PermissionResponder.open({
      defaultVerdict: 'allow',
      shutdownVerdict: 'allow',
      deadlineMs: options.deadlineMs,
      onReport: options.onReport,
      onAsk: options.onAsk,
      onError: options.onError,
      reportIntervalMs: options.reportIntervalMs ?? 50,
      // Opens a rule allowed outright say nothing the report handler uses (its SILENT reasons):
      // not reporting them spares the worker a name and euid read and this thread a decode each.
      report: 'unallowed',
      unlimitedMarks: true,
    });
    await responder.ready();
    return new PermissionEngine(responder);
  }

  /** Replaces the whole table; the worker takes it at once (one message per call). @throws FsEventsError invalid-argument. */
  setEntries(entries: readonly PermissionEntry[]): void {
    this.responder.setRules(entries as readonly PermissionRule[]);
  }

  mark(hostPath: string, kind: 'dir' | 'file'): void {
    this.responder.mark({ path: hostPath, mask: FAN.OPEN_PERM, onChild: kind === 'dir' });
  }

  unmark(hostPath: string, kind: 'dir' | 'file'): void {
    this.responder.unmark({ path: hostPath, mask: FAN.OPEN_PERM, onChild: kind === 'dir' });
  }

  counters(): PermissionCounters {
    return this.responder.counters();
  }

  /** Delivers the reports collected so far now. */
  collectReports(): void {
    this.responder.collectReports();
  }

  /** Removes every mark, answers what is queued (allow), stops the worker; bounded. */
  close(): Promise<void> {
    return this.responder.close();
  }
}
