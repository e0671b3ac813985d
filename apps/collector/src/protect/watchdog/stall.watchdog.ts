/** What the watchdog looks at on each tick. */
export interface StallSignals {
  /** How long the verdict probe's open has been waiting (0: none in flight). */
  readonly probeWaitingMs: number;
  /** The slowest probe open completed since the last tick (0: none). */
  readonly probeSlowestMs: number;
  /** Deadline misses so far (asks answered by the fail verdict after waiting the whole deadline). */
  readonly deadlineMisses: number;
}

export interface StallWatchdogOptions {
  /** Longest a verdict may take: beyond it, permission marks are taken away. */
  readonly budgetMs: number;
  /** Healthy time needed before the marks come back; doubles after each trip soon after a restore. */
  readonly restoreAfterMs: number;
  /** Bound on the doubled restore delay. */
  readonly maxRestoreAfterMs: number;
}

export type WatchdogAction =
  | { readonly action: 'trip'; readonly reason: string; readonly observedMs: number }
  | { readonly action: 'restore'; readonly suspendedMs: number; readonly nextRestoreAfterMs: number }
  | null;

/**
 * Decides when verdicts fall behind and when they caught up again (pure: the caller supplies the
 * clock and the signals). Trips when the probe has waited, or took, longer than the budget, or when
 * a deadline was missed since the last tick; restores after `restoreAfterMs` of healthy ticks (the
 * probe under half the budget, no new misses). A trip within four restore delays of the last
 * restore doubles the delay (bounded), so a decision path that stalls again and again flaps slowly.
 */
export class StallWatchdog {
  private tripped = false;
  private trippedAt = 0;
  private healthySince: number | null = null;
  private restoredAt = -Infinity;
  private misses = 0;
  private restoreAfter: number;

  constructor(private readonly options: StallWatchdogOptions) {
    if (!(options.budgetMs > 0) || !(options.restoreAfterMs >= 0) || options.maxRestoreAfterMs < options.restoreAfterMs) {
      throw new RangeError(`invalid watchdog options ${JSON.stringify(options)}`);
    }
    this.restoreAfter = options.restoreAfterMs;
  }

  get isTripped(): boolean {
    return this.tripped;
  }

  /** The current restore delay (grows with repeated trips). */
  get restoreDelayMs(): number {
    return this.restoreAfter;
  }

  tick(now: number, s: StallSignals): WatchdogAction {
    const newMisses = s.deadlineMisses - this.misses;
    this.misses = s.deadlineMisses;
    const worst = Math.max(s.probeWaitingMs, s.probeSlowestMs);
    if (!this.tripped) {
      if (worst <= this.options.budgetMs && newMisses <= 0) return null;
      return this.trip(now, newMisses > 0 ? `${newMisses} verdict deadline(s) missed` : `a verdict took ${Math.round(worst)} ms`, worst);
    }
    const healthy = worst <= this.options.budgetMs / 2 && newMisses <= 0;
    if (!healthy) {
      this.healthySince = null;
      return null;
    }
    this.healthySince ??= now;
    if (now - this.healthySince < this.restoreAfter) return null;
    this.tripped = false;
    this.restoredAt = now;
    return { action: 'restore', suspendedMs: now - this.trippedAt, nextRestoreAfterMs: this.restoreAfter };
  }

  private trip(now: number, reason: string, observedMs: number): WatchdogAction {
    const soon = now - this.restoredAt < 4 * this.restoreAfter;
    this.restoreAfter = soon ? Math.min(this.options.maxRestoreAfterMs, Math.max(1, this.restoreAfter * 2)) : this.options.restoreAfterMs;
    this.tripped = true;
    this.trippedAt = now;
    this.healthySince = null;
    return { action: 'trip', reason, observedMs };
  }
}
