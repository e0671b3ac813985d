import { StallWatchdog, type StallSignals } from './stall.watchdog';

const ok: StallSignals = { probeWaitingMs: 0, probeSlowestMs: 3, deadlineMisses: 0 };

function setup(over: Partial<ConstructorParameters<typeof StallWatchdog>[0]> = {}) {
  return new StallWatchdog({ budgetMs: 100, restoreAfterMs: 1000, maxRestoreAfterMs: 8000, ...over });
}

describe(StallWatchdog.name, () => {
  it.each<[string, Partial<StallSignals>, string | null]>([
    ['healthy', {}, null],
    ['probe at the budget', { probeWaitingMs: 100 }, null],
    ['probe waiting past the budget', { probeWaitingMs: 101 }, 'a verdict took 101 ms'],
    ['a slow probe completed', { probeSlowestMs: 250 }, 'a verdict took 250 ms'],
    ['a deadline missed', { deadlineMisses: 2 }, '2 verdict deadline(s) missed'],
  ])('%s', (_, signals, reason) => {
    const sut = setup();
    const action = sut.tick(0, { ...ok, ...signals });
    expect(action === null ? null : action.action === 'trip' ? action.reason : 'restore').toBe(reason);
    expect(sut.isTripped).toBe(reason !== null);
  });

  it('restores after the restore delay of healthy ticks, not before', () => {
    const sut = setup();
    sut.tick(0, { ...ok, probeWaitingMs: 500 });
    expect(sut.tick(100, ok)).toBeNull();
    expect(sut.tick(600, { ...ok, probeSlowestMs: 60 })).toBeNull(); // over half the budget: not healthy
    expect(sut.tick(700, ok)).toBeNull();
    expect(sut.tick(1699, ok)).toBeNull();
    expect(sut.tick(1700, ok)).toEqual({ action: 'restore', suspendedMs: 1700, nextRestoreAfterMs: 1000 });
    expect(sut.isTripped).toBe(false);
  });

  it('counts misses since the last tick only', () => {
    const sut = setup({ restoreAfterMs: 0 });
    expect(sut.tick(0, { ...ok, deadlineMisses: 1 })?.action).toBe('trip');
    expect(sut.tick(10, { ...ok, deadlineMisses: 1 })?.action).toBe('restore');
    expect(sut.tick(5000, { ...ok, deadlineMisses: 1 })).toBeNull();
  });

  it('doubles the restore delay when it trips again soon after a restore, bounded', () => {
    const sut = setup();
    let now = 0;
    const cycle = (): number => {
      sut.tick(now, { ...ok, probeWaitingMs: 500 });
      const start = now;
      for (;;) {
        now += 50;
        const a = sut.tick(now, ok);
        if (a?.action === 'restore') return now - start;
      }
    };
    expect(cycle()).toBe(1050);
    expect([cycle(), cycle(), cycle(), cycle()]).toEqual([2050, 4050, 8050, 8050]);
    now += 100_000;
    expect(cycle()).toBe(1050);
  });

  it('refuses nonsense options', () => {
    expect(() => setup({ budgetMs: 0 })).toThrow(RangeError);
    expect(() => setup({ maxRestoreAfterMs: 10 })).toThrow(RangeError);
  });
});
