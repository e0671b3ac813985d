'use strict';
// One permission decision, as the permission worker makes it for each event (see the fs-events
// README for the order). The result is left in fields (verdict, reason, rule, proc, pathRead, euid) so
// that nothing is allocated per event; the path bytes stay in fdPaths for the report.
const W = require('./worker-control');
const { P, R } = require('./permission-counters');
const { VERDICT_ALLOW, OTHERWISE_ASK } = require('./permission-table');

class Decider {
  /**
   * `reportAllowed` false: events a rule allowed outright ('allow-all', 'app-allowed') are not
   * reported either (report mode 'unallowed'); `beforeWait` runs before an ask (answers held back
   * for a batch must not wait behind it).
   */
  constructor({ table, procs, fdPaths, asker, cnt, defaultVerdict, shutdownVerdict, reportAll, reportAllowed = true, beforeWait = () => undefined, ctl }) {
    Object.assign(this, { table, procs, fdPaths, asker, cnt, defaultVerdict, shutdownVerdict, reportAll, reportAllowed, beforeWait, ctl });
    // Allowed events are not reported: a verdict that cannot depend on the path needs no path.
    this.pathFreeAllow = !reportAll && !reportAllowed;
    this.pid = 0;
    this.reset();
  }

  /** Back to "allow, no rule, nothing read" (also for events decided without a lookup). */
  reset() {
    this.verdict = VERDICT_ALLOW;
    this.reason = R['no-rule'];
    this.rule = -1;
    this.proc = null;
    this.pathRead = false;
    this.euid = -1;
  }

  /** Whether this event's verdict goes into the report ring (unmatched and own events do not). */
  reported() {
    if (this.reportAll) return true;
    const reason = this.reason;
    if (reason === R['no-rule'] || reason === R.self) return false;
    return this.reportAllowed || (reason !== R['app-allowed'] && reason !== R['allow-all']);
  }

  /**
   * What a report needs of the process, read before answering while it waits (a denied process
   * may exit at once): its current name (a cache hit checked only the exe) and its euid.
   */
  readForReport() {
    if (this.proc === null) return;
    this.proc = this.procs.withComm(this.pid, this.proc);
    if (this.proc !== null) this.euid = this.procs.euidOf(this.proc);
  }

  decide(fd, pid, mask) {
    this.reset();
    this.pid = pid;
    const table = this.table;
    if (table.empty && !this.reportAll) return;
    if (this.pathFreeAllow && this.allowedEverywhere(pid)) {
      this.cnt[P.pathFreeAllows]++;
      return this.set(VERDICT_ALLOW, R['app-allowed']);
    }
    this.pathRead = this.fdPaths.read(fd) >= 0;
    if (!this.pathRead) return this.fail(this.defaultVerdict, R['no-path']);
    const path = this.fdPaths.bytes.toString('utf8', 0, this.fdPaths.length);
    if (!table.mayMatch(path)) return;
    // The namespace comes with the entry; the name is checked only if a decision needs it.
    if (table.needsNamespace()) this.proc ??= this.procs.getExe(pid);
    this.rule = table.find(path, this.proc?.ns ?? null);
    if (this.rule >= 0) this.byRule(path, pid, mask);
  }

  /**
   * The shortcut for a known process whose program every rule allows (an app reading its own
   * protected files): allow without reading the event's path. Only a cached process qualifies, and
   * only after its exe is re-checked (an exec since then drops the entry: the full path decides).
   * The table's answer for the cached exe is kept on the entry, so a process that does not qualify
   * costs one map lookup here and no syscall. Leaves `proc` set for the full path when it returns false.
   */
  allowedEverywhere(pid) {
    const seen = this.procs.peek(pid);
    if (seen === undefined || seen.exe === null) return false;
    if (seen.everywhereIn !== this.table) {
      seen.everywhere = this.table.allowsExeEverywhere(seen.exe);
      seen.everywhereIn = this.table;
    }
    if (!seen.everywhere) return false;
    this.proc = this.procs.getExe(pid);
    return this.proc === seen;
  }

  byRule(path, pid, mask) {
    const r = this.table.rules[this.rule];
    if (r.apps === null) return this.set(VERDICT_ALLOW, R['allow-all']);
    this.proc ??= this.procs.getExe(pid);
    if (this.proc === null || this.proc.exe === null) return this.fail(r.fail, R['no-exe']);
    // Allowed by exe path or base name: the (re-checked) exe decides alone, no name read.
    if (this.table.allowsExe(this.rule, this.proc.exe)) return this.set(VERDICT_ALLOW, R['app-allowed']);
    // Otherwise the name decides, and everything below reports or asks with it: check it now.
    const proc = (this.proc = this.procs.withComm(pid, this.proc));
    if (proc === null || proc.exe === null) return this.fail(r.fail, R['no-exe']);
    if (this.table.allows(this.rule, proc.exe, proc.comm)) return this.set(VERDICT_ALLOW, R['app-allowed']);
    if (r.otherwise !== OTHERWISE_ASK) return this.set(r.otherwise, R.otherwise);
    if (this.asker === null) return this.fail(r.fail, R['no-asker']);
    this.cnt[P.asked]++;
    this.beforeWait();
    const code = this.asker.ask({ pid, mask, path, exe: proc.exe, comm: proc.comm, mntns: proc.ns, rule: r.id });
    if (code === W.ANSWER_ALLOW || code === W.ANSWER_DENY) return this.set(code, R.asked);
    if (Atomics.load(this.ctl, W.STATE) === W.STOP) {
      this.cnt[P.shutdownAnswers]++;
      return this.set(this.shutdownVerdict, R.shutdown);
    }
    this.cnt[code === 0 ? P.askTimeouts : P.askFailures]++;
    this.set(r.fail, code === 0 ? R['ask-timeout'] : R['ask-failed']);
  }

  set(verdict, reason) {
    this.verdict = verdict;
    this.reason = reason;
  }

  fail(verdict, reason) {
    this.cnt[P.failVerdicts]++;
    this.set(verdict, reason);
  }
}

module.exports = { Decider };
