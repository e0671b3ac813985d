import { StallWatchdog, type WatchdogAction } from './stall.watchdog';
import type { VerdictProbe } from './verdict.probe';

export interface StallSupervisorOptions {
  readonly budgetMs: number;
  readonly restoreAfterMs: number;
  /** The probe thread, when one runs. */
  readonly probe: VerdictProbe | null;
  /** Deadline misses so far (the permission worker's askTimeouts). */
  readonly deadlineMisses: () => number;
  readonly onTrip: (reason: string, observedMs: number) => void;
  readonly onRestore: (suspendedMs: number) => void;
}

/**
 * Runs the stall watchdog on a timer (a tenth of the budget, at least every 10 ms): samples the
 * verdict probe and the deadline misses, and calls back on a trip or a restore. The callbacks run
 * on the main thread; the probe and the permission worker never wait for it.
 */
export class StallSupervisor {
  private readonly watchdog: StallWatchdog;
  private readonly timer: NodeJS.Timeout;
  trips = 0;
  restores = 0;

  constructor(private readonly options: StallSupervisorOptions) {
    this.watchdog = new StallWatchdog({
      budgetMs: options.budgetMs,
      restoreAfterMs: options.restoreAfterMs,
      maxRestoreAfterMs: Math.max(options.restoreAfterMs * 32, options.restoreAfterMs),
    });
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.floor(options.budgetMs / 10)));
    this.timer.unref();
  }

  get suspended(): boolean {
    return this.watchdog.isTripped;
  }

  /** One watchdog step now (also what the timer does). */
  tick(): WatchdogAction {
    const sample = this.options.probe?.sample() ?? { waitingMs: 0, slowestMs: 0 };
    const action = this.watchdog.tick(Date.now(), {
      probeWaitingMs: sample.waitingMs,
      probeSlowestMs: sample.slowestMs,
      deadlineMisses: this.options.deadlineMisses(),
    });
    if (action?.action === 'trip') {
      this.trips++;
      this.options.onTrip(action.reason, action.observedMs);
    } else if (action?.action === 'restore') {
      this.restores++;
      this.options.onRestore(action.suspendedMs);
    }
    return action;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
