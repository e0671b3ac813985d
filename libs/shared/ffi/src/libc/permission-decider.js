'use strict';
// One permission decision, as the permission worker makes it for each event (see the fs-events
// README for the order). The result is left in fields (verdict, reason, rule, proc, pathRead, euid) so
// that nothing is allocated per event; the path bytes stay in fdPaths for the report.
const W = require('./worker-control');
const { P, R } = require('./permission-counters');
const { VERDICT_ALLOW, OTHERWISE_ASK } = require('./permission-table');

class Decider {
  constructor({ table, procs, fdPaths, asker, cnt, defaultVerdict, shutdownVerdict, reportAll, ctl }) {
    Object.assign(this, { table, procs, fdPaths, asker, cnt, defaultVerdict, shutdownVerdict, reportAll, ctl });
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
    return this.reportAll || (this.reason !== R['no-rule'] && this.reason !== R.self);
  }

  /** Reads the process's euid for the report; called before answering, while the process waits. */
  readEuid() {
    if (this.proc !== null) this.euid = this.procs.euidOf(this.proc);
  }

  decide(fd, pid, mask) {
    this.reset();
    const table = this.table;
    if (table.empty && !this.reportAll) return;
    this.pathRead = this.fdPaths.read(fd) >= 0;
    if (!this.pathRead) return this.fail(this.defaultVerdict, R['no-path']);
    const path = this.fdPaths.bytes.toString('utf8', 0, this.fdPaths.length);
    if (!table.mayMatch(path)) return;
    if (table.needsNamespace()) this.proc = this.procs.get(pid);
    this.rule = table.find(path, this.proc?.ns ?? null);
    if (this.rule >= 0) this.byRule(path, pid, mask);
  }

  byRule(path, pid, mask) {
    const r = this.table.rules[this.rule];
    if (r.apps === null) return this.set(VERDICT_ALLOW, R['allow-all']);
    this.proc ??= this.procs.get(pid);
    const proc = this.proc;
    if (proc === null || proc.exe === null) return this.fail(r.fail, R['no-exe']);
    if (this.table.allows(this.rule, proc.exe, proc.comm)) return this.set(VERDICT_ALLOW, R['app-allowed']);
    if (r.otherwise !== OTHERWISE_ASK) return this.set(r.otherwise, R.otherwise);
    if (this.asker === null) return this.fail(r.fail, R['no-asker']);
    this.cnt[P.asked]++;
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
