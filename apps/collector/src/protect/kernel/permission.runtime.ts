import { probeCapabilities, type PermissionAsk, type PermissionReport, type Verdict } from '@fsmon/fs-events';
import { StallSupervisor } from '../watchdog/stall.supervisor';
import { VerdictProbe } from '../watchdog/verdict.probe';
import { MarkLedger } from './mark.ledger';
import { PermissionEngine } from './permission.engine';

export interface PermissionRuntimeOptions {
  readonly askDeadlineMs: number;
  readonly stallBudgetMs: number;
  readonly restoreAfterMs: number;
  /** 0: no verdict probe (the watchdog then sees deadline misses only). */
  readonly probeIntervalMs: number;
  readonly onReport: (reports: PermissionReport[]) => void;
  readonly onAsk?: (ask: PermissionAsk) => Verdict | Promise<Verdict>;
  /** The permission worker stopped by itself (its group is closed). */
  readonly onFailure: (error: Error) => void;
  readonly onTrip: (reason: string) => void;
  readonly onRestore: (suspendedMs: number) => void;
  readonly onMarkError: (what: string, error: Error) => void;
}

const PROBE_OWNER = '\u0000verdict-probe';

/**
 * Everything that exists only with permission events: the permission group and its marks, the
 * verdict probe and the stall watchdog. `open` says why there is none when the kernel or the
 * privileges rule permission events out.
 */
export class PermissionRuntime {
  private constructor(
    readonly engine: PermissionEngine,
    readonly ledger: MarkLedger,
    private readonly probe: VerdictProbe | null,
    private readonly supervisor: StallSupervisor,
  ) {}

  static async open(o: PermissionRuntimeOptions): Promise<PermissionRuntime | { unavailable: string }> {
    const caps = probeCapabilities();
    if (!caps.permissionEvents) return { unavailable: `no fanotify permission events here (${caps.notes.join('; ') || 'unsupported'})` };
    let engine: PermissionEngine;
    try {
      engine = await PermissionEngine.open({ deadlineMs: o.askDeadlineMs, onReport: o.onReport, onAsk: o.onAsk, onError: o.onFailure });
    } catch (e) {
      return { unavailable: `permission group unavailable: ${(e as Error).message}` };
    }
    const ledger = new MarkLedger(engine, o.onMarkError);
    let probe: VerdictProbe | null = null;
    if (o.probeIntervalMs > 0) {
      const created = VerdictProbe.create(o.probeIntervalMs);
      ledger.add(PROBE_OWNER, [{ hostPath: created.file, kind: 'file' }]);
      probe = created.start();
    }
    const supervisor = new StallSupervisor({
      budgetMs: o.stallBudgetMs,
      restoreAfterMs: o.restoreAfterMs,
      probe,
      deadlineMisses: () => engine.counters().askTimeouts,
      onTrip: o.onTrip,
      onRestore: o.onRestore,
    });
    return new PermissionRuntime(engine, ledger, probe, supervisor);
  }

  counters(): Record<string, object> {
    return {
      permission: this.engine.counters(),
      marks: { ...this.ledger.counters, placed: this.ledger.size },
      watchdog: { trips: this.supervisor.trips, restores: this.supervisor.restores, ...(this.probe ? { probeOpens: this.probe.counters().opens } : {}) },
    };
  }

  /** Removes every mark and answers what is queued (allow), then stops the probe. Bounded. */
  async close(): Promise<void> {
    this.supervisor.stop();
    await this.engine.close();
    await this.probe?.stop();
  }

  /** After the worker failed: stops the watchdog and the probe (the group is already closed). */
  abandon(): void {
    this.supervisor.stop();
    void this.probe?.stop();
  }
}
