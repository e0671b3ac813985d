import { PlanSequencer } from './plan.sequencer';

/** A plan whose walk ends when the test says so; records what it walked and whether it applied. */
function gatedPlans() {
  const log: string[] = [];
  const gates: Array<() => void> = [];
  const plan = (policy: () => string) => async (stale: () => boolean) => {
    const walked = policy();
    log.push(`walk ${walked}`);
    await new Promise<void>((r) => gates.push(r));
    log.push(stale() ? `drop ${walked}` : `apply ${walked}`);
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { log, plan, release };
}

describe('PlanSequencer', () => {
  it('drops a walk made stale by a newer request and applies the newest policy after it', async () => {
    const seq = new PlanSequencer();
    const { log, plan, release } = gatedPlans();
    let policy = 'A';
    const first = seq.replan(plan(() => policy));
    await release();
    await first;
    expect(log).toEqual(['walk A', 'apply A']);
    const second = seq.replan(plan(() => policy));
    policy = 'B';
    while (log.length < 3) await new Promise((r) => setImmediate(r));
    const third = seq.replan(plan(() => policy));
    policy = 'C';
    const fourth = seq.replan(plan(() => policy));
    await release();
    await release();
    await Promise.all([second, third, fourth]);
    // B's walk started before C was asked for: dropped. The two later requests shared one walk, which read C.
    expect(log).toEqual(['walk A', 'apply A', 'walk B', 'drop B', 'walk C', 'apply C']);
  });

  it('waits for the newest plan: an earlier caller resolves only once the later one is applied', async () => {
    const seq = new PlanSequencer();
    const { log, plan, release } = gatedPlans();
    let done = false;
    const first = seq.replan(plan(() => 'A')).then(() => (done = true));
    while (log.length < 1) await new Promise((r) => setImmediate(r));
    const second = seq.replan(plan(() => 'B'));
    await release();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await release();
    await Promise.all([first, second]);
    expect(log).toEqual(['walk A', 'drop A', 'walk B', 'apply B']);
  });

  it('runs exclusive tasks after the plans asked for before them, and carries on after a failure', async () => {
    const seq = new PlanSequencer();
    const order: string[] = [];
    const failed = seq.replan(async () => {
      order.push('plan');
      throw new Error('walk failed');
    });
    const task = seq.exclusive(async () => order.push('subtree'));
    await expect(failed).rejects.toThrow('walk failed');
    await task;
    await seq.idle();
    expect(order).toEqual(['plan', 'subtree']);
  });
});
