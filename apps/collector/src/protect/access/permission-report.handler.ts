import { filterKey } from '@fsmon/contracts';
import type { PermissionReport, PermissionReason } from '@fsmon/fs-events';
import type { FailMode } from '@fsmon/rules';
import { fromKernelPath } from '../compile/kernel-path';
import { parseRuleId } from '../compile/permission-entry';
import type { LearnedRulesSink, ProcLookup, UserNames } from '../protect.ports';
import type { TargetState } from '../protect.state';
import { judgeOpen } from './access.judge';
import type { AccessReporter } from './access.reporter';
import { procInfoOf } from './proc-info.builder';

/** Verdicts that say nothing about the app: allowed by the list, unmatched, or not decided by a rule. */
const SILENT: ReadonlySet<PermissionReason> = new Set(['app-allowed', 'allow-all', 'self', 'no-rule', 'shutdown', 'no-path', 'decode-error', 'decision-error']);

export interface ReportHandlerCounters {
  reports: number;
  /** Refused by the kernel (blocked). */
  blocked: number;
  /** Let through, but refused by the allow check (Monitor, or held outside Protect). */
  unauthorized: number;
  /** Discover opens that taught something, and the rules handed to the learned-rules publisher. */
  learning: number;
  learned: number;
  /** The rule's workload or the path could not be placed (the workload went away meanwhile). */
  unattributed: number;
}

/**
 * Reads the permission worker's reports: a blocked or unauthorized open becomes a raw event (see
 * AccessReporter), a Discover open feeds learning. The allow check is run again here with the
 * workload's current policy (the worker only enforced it); the kernel's verdict says whether the
 * process was blocked.
 */
export class PermissionReportHandler {
  readonly counters: ReportHandlerCounters = { reports: 0, blocked: 0, unauthorized: 0, learning: 0, learned: 0, unattributed: 0 };

  constructor(
    private readonly state: (workloadKey: string) => TargetState | undefined,
    private readonly reporter: AccessReporter,
    private readonly learned: LearnedRulesSink,
    private readonly procs: ProcLookup | null,
    private readonly defaultFailMode: FailMode,
    private readonly users: UserNames | null = null,
  ) {}

  handle(reports: readonly PermissionReport[]): void {
    const now = Date.now();
    for (const r of reports) {
      this.counters.reports++;
      if (SILENT.has(r.reason) || r.rule === null) continue;
      const id = parseRuleId(r.rule);
      const s = id === null ? undefined : this.state(id.targetKey);
      const path = s === undefined || r.path === null ? null : fromKernelPath(s.kernelRoot, r.path);
      if (s === undefined || path === null) {
        this.counters.unattributed++;
        continue;
      }
      const exe = r.exe === null ? null : (fromKernelPath(s.kernelRoot, r.exe) ?? r.exe);
      const judged = judgeOpen(s.policy, s.compiled.flags, { path, exePath: exe ?? '', name: r.comm ?? '' }, this.defaultFailMode);
      if (judged.kind === 'learn') {
        this.counters.learning++;
        this.counters.learned += judged.rules.length;
        this.learned.add(judged.rules);
        continue;
      }
      const blocked = r.verdict === 'deny';
      // A blocked open is reported even when its filter no longer decides (the policy changed meanwhile).
      const filter = judged.kind === 'check' ? judged.filter : blocked ? s.policy.profile.all.find((f) => filterKey(f) === id?.filterKey) : undefined;
      if (filter === undefined) {
        if (blocked) this.counters.unattributed++;
        continue;
      }
      const refused = judged.kind === 'check' && judged.denied && judged.report;
      if (!blocked && !refused) continue;
      this.counters[blocked ? 'blocked' : 'unauthorized']++;
      const w = s.target.workload;
      const inProfile = judged.kind === 'check' && judged.inProfile;
      const userName = (euid: number) => this.users?.userName(w, euid, now) ?? '';
      const proc = procInfoOf({ pid: r.pid, exe, comm: r.comm, euid: r.euid }, this.procs?.lookup(r.pid, now) ?? null, w.rootPid, { deny: blocked, inProfile }, userName);
      this.reporter.add(w, path, filter, proc, r.time);
    }
  }
}
