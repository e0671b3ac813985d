/** A full plan: walks with the policy it reads when it starts; `stale()` turns true once a newer plan is asked for. */
export type FullPlan = (stale: () => boolean) => Promise<void>;

/**
 * Orders one workload's plans so the latest policy always wins (fixes fsmon-behaviour §8.18).
 *
 * Plans run one at a time. A full plan asked for while another is waiting joins the waiting one: it
 * reads the policy only when it starts, so one walk serves any number of changes made meanwhile. A
 * running full plan that a newer request made stale is not applied: the waiting plan walks with the
 * newer policy and replaces the marks straight from the current set, so a path that both the old
 * and the newest policy watch keeps its mark throughout (applying the stale plan first would release
 * it until the next plan). Sub-tree walks queue behind too: they only add, with the policy current
 * when they start.
 */
export class PlanSequencer {
  private tail: Promise<unknown> = Promise.resolve();
  /** The full plan asked for but not started yet, which new requests join. */
  private waiting: Promise<void> | null = null;
  /** The most recent full plan: the one `replan` callers wait for. */
  private latest: Promise<void> = Promise.resolve();
  private requests = 0;

  /** Asks for a full plan; resolves when the plan with the newest policy is applied (or rejects with its error). */
  replan(plan: FullPlan): Promise<void> {
    this.requests += 1;
    if (this.waiting === null) {
      const next = this.exclusive(async () => {
        this.waiting = null;
        const asked = this.requests;
        await plan(() => this.requests !== asked);
      });
      this.waiting = next;
      this.latest = next;
    }
    return this.settled();
  }

  /** Runs `task` after every plan asked for before it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    // A failed plan must not block the ones after it; its caller gets the error.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    for (let tail = this.tail; ; tail = this.tail) {
      await tail;
      if (tail === this.tail) return;
    }
  }

  /** Waits for the latest full plan, following any newer one asked for meanwhile. */
  private async settled(): Promise<void> {
    for (let latest = this.latest; ; latest = this.latest) {
      try {
        await latest;
      } catch (e) {
        if (latest === this.latest) throw e;
      }
      if (latest === this.latest) return;
    }
  }
}
