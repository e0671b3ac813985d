import { FAN_ALLOW, PERMISSION_REASONS, type ReportRingReader, type RingRecord, type TableRule } from '@fsmon/ffi';
import type { PermissionReport } from './permission.types';

const KEPT_TABLES = 16;

/**
 * Drains the permission worker's report ring on a timer (unref'd) and hands the reports to the
 * callback in one batch. Rule indexes are turned into ids with the table generation they came from.
 */
export class ReportCollector {
  private readonly timer: NodeJS.Timeout;
  private readonly rulesByGen = new Map<number, readonly string[]>();
  private batches = 0;
  private callbackErrors = 0;

  constructor(
    private readonly reader: ReportRingReader,
    private readonly onReport: ((reports: PermissionReport[]) => void) | undefined,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.collect(), intervalMs);
    this.timer.unref();
  }

  /** Remembers the rule ids of table generation `gen`. */
  tableRules(gen: number, rules: readonly TableRule[]): void {
    this.rulesByGen.set(gen & 0xffff, rules.map((r) => r.id));
    if (this.rulesByGen.size > KEPT_TABLES) this.rulesByGen.delete(this.rulesByGen.keys().next().value as number);
  }

  collect(): void {
    const records = this.reader.drain();
    if (records.length === 0 || this.onReport === undefined) return;
    this.batches++;
    try {
      this.onReport(records.map((r) => this.toReport(r)));
    } catch {
      this.callbackErrors++;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.collect();
  }

  counters(): { reportBatches: number; reportCallbackErrors: number } {
    return { reportBatches: this.batches, reportCallbackErrors: this.callbackErrors };
  }

  private toReport(r: RingRecord): PermissionReport {
    return {
      time: r.time,
      pid: r.pid,
      mask: r.mask,
      path: r.path === '' ? null : r.path,
      exe: r.exe,
      comm: r.comm,
      mntns: r.mntns === 0 ? null : r.mntns,
      euid: r.euid < 0 ? null : r.euid,
      verdict: r.verdict === FAN_ALLOW ? 'allow' : 'deny',
      reason: PERMISSION_REASONS[r.reason] ?? 'decision-error',
      rule: r.rule < 0 ? null : (this.rulesByGen.get(r.gen)?.[r.rule] ?? null),
    };
  }
}
