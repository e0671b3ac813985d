import type { PermissionAsk, Verdict } from '@fsmon/fs-events';
import { fromKernelPath } from '../compile/kernel-path';
import { parseRuleId } from '../compile/permission-entry';
import type { DecisionHook } from '../protect.ports';

/**
 * Bridges the permission worker's asks to the decision hook. Every ask in progress can be settled
 * at once (`releaseAll`): the watchdog does so when it suspends enforcement, so openers queued
 * behind a stalled hook do not each wait out the deadline.
 */
export class AskBridge {
  private readonly pending = new Set<(v: Verdict) => void>();
  released = 0;
  hookErrors = 0;

  constructor(
    private readonly hook: DecisionHook,
    private readonly kernelRootOf: (workloadKey: string) => string | undefined,
    private readonly suspended: () => boolean,
  ) {}

  /** The worker's onAsk: the hook's answer, or `fail` when it fails; 'allow' at once while suspended. */
  ask(ask: PermissionAsk, fail: (ruleId: string) => Verdict): Promise<Verdict> | Verdict {
    const id = parseRuleId(ask.rule);
    const root = id === null ? undefined : this.kernelRootOf(id.targetKey);
    if (id === null || root === undefined) return fail(ask.rule);
    if (this.suspended()) return 'allow';
    return new Promise<Verdict>((resolve) => {
      const settle = (v: Verdict): void => {
        if (this.pending.delete(settle)) resolve(v);
      };
      this.pending.add(settle);
      const request = { workload: id.targetKey, filterKey: id.filterKey, path: fromKernelPath(root, ask.path) ?? ask.path, pid: ask.pid, exe: ask.exe, comm: ask.comm };
      let answer: ReturnType<DecisionHook['decide']>;
      try {
        answer = this.hook.decide(request);
      } catch {
        this.hookErrors++;
        return settle(fail(ask.rule));
      }
      Promise.resolve(answer).then(
        (v) => settle(v === 'allow' || v === 'deny' ? v : fail(ask.rule)),
        () => {
          this.hookErrors++;
          settle(fail(ask.rule));
        },
      );
    });
  }

  /** Answers every ask in progress with `verdict` now. */
  releaseAll(verdict: Verdict): number {
    const waiting = [...this.pending];
    for (const settle of waiting) settle(verdict);
    this.released += waiting.length;
    return waiting.length;
  }
}
