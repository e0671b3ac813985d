import type { LoggerService } from '@nestjs/common';
import type { Verdict } from '@fsmon/fs-events';
import type { PermissionRuntime } from './kernel/permission.runtime';
import { hostMarks, type TargetState } from './protect.state';

export type OpenTrackingListener = (workloadKey: string, notificationOpens: boolean) => void;

/**
 * The workloads as compiled, and their kernel side kept in step: the permission worker's table
 * (one message per change, the whole table) and the marks (reference-counted per inode). Changes
 * are ordered so no watched file is ever unwatched: workloads leaving permission are handed to
 * notification first; then the table; then new marks; old marks last; workloads now held leave
 * notification only after their marks are in place.
 */
export class ProtectionApplier {
  readonly states = new Map<string, TargetState>();
  private readonly listeners = new Set<OpenTrackingListener>();
  private failById = new Map<string, Verdict>();
  readonly counts = { applies: 0, tableEntries: 0, tableErrors: 0 };
  appliedRevision = 0;
  runtime: PermissionRuntime | null = null;

  constructor(private readonly logger: LoggerService) {}

  onOpenTrackingChange(listener: OpenTrackingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The fail verdict of a table rule (by id); 'allow' for an id no longer in the table. */
  failVerdict(ruleId: string): Verdict {
    return this.failById.get(ruleId) ?? 'allow';
  }

  /** Brings the kernel side to `next` (undefined: the workload went away). Never throws. */
  apply(next: ReadonlyMap<string, TargetState | undefined>): void {
    const prev = new Map([...next.keys()].map((k) => [k, this.states.get(k)]));
    for (const [k, n] of next) if (n && prev.get(k)?.compiled.held && !n.compiled.held) this.emit(k, true);
    for (const [k, n] of next) {
      if (n) this.states.set(k, n);
      else this.states.delete(k);
    }
    this.pushTable();
    const ledger = this.runtime?.ledger;
    if (ledger) {
      for (const [k, n] of next) if (n) ledger.add(k, hostMarks(n));
      for (const [k, n] of next) ledger.prune(k, n ? hostMarks(n) : []);
    }
    // A workload met for the first time counts as not held: the watcher started it with FAN_OPEN
    // (notificationOpens of an unknown key is true), so its first apply as held is announced too.
    for (const [k, n] of next) if (n?.compiled.held && prev.get(k)?.compiled.held !== true) this.emit(k, false);
    for (const n of next.values()) if (n) this.appliedRevision = Math.max(this.appliedRevision, n.policy.revision);
    this.counts.applies++;
  }

  private pushTable(): void {
    const entries = [...this.states.values()].flatMap((s) => s.compiled.entries);
    this.failById = new Map(entries.map((e) => [e.id, e.fail]));
    this.counts.tableEntries = entries.length;
    if (this.runtime === null) return;
    try {
      this.runtime.engine.setEntries(entries);
    } catch (e) {
      this.counts.tableErrors++;
      this.logger.error(`permission table refused (previous table kept): ${(e as Error).message}`);
    }
  }

  private emit(key: string, notificationOpens: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(key, notificationOpens);
      } catch (e) {
        this.logger.error(`open-tracking listener failed: ${(e as Error).message}`);
      }
    }
  }
}
