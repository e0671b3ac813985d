// Real kernel, root: the stall watchdog. A decision hook that never answers stalls the decision
// path of a Protect container; openers queue behind it. Without the watchdog each waits out its own
// deadline in turn; with it, the first deadline miss takes the permission marks away and releases
// everyone waiting. Durations are printed, never asserted: the counters say who waited how long.
 
import { waitFor } from '@fsmon/testing';
import { filter, group, rule } from '../policy/policy.fixtures';
import { NsContainer } from './support/ns-container';
import { ProtectHarness } from './support/protect.harness';

const OPENERS = 4;

describe('stall watchdog (namespace container)', () => {
  let c: NsContainer;
  let h: ProtectHarness;
  let hang = true;
  const hook = { decide: () => (hang ? new Promise<'deny'>(() => undefined) : ('deny' as const)) };

  beforeAll(async () => {
    c = await NsContainer.start('watchdog');
    c.file('/data/secret.txt', 'secret\n');
  }, 60_000);
  afterAll(async () => c?.stop());
  afterEach(async () => h?.stop());

  async function start(budgetMs: number): Promise<void> {
    hang = true;
    h = await new ProtectHarness({ stallBudgetMs: budgetMs, askDeadlineMs: 150, restoreAfterMs: 400, probeIntervalMs: 20 }, hook).start();
    h.apply(
      group('g-data', {
        revision: 1,
        mode: 'Protect',
        selector: { ids: [c.workload().identity?.id ?? ''] },
        filters: [filter('/data', '.*', { behavior: 'block_access' })],
        rules: { '/data/.*': rule([]) },
      }),
    );
    h.upsert({ workload: c.workload(), capBlock: true, dirs: [{ path: '/data' }], files: [] });
  }

  /** Starts OPENERS cats at once inside the container; resolves with their exit codes and the wall time. */
  async function openers(): Promise<{ codes: (number | string)[]; ms: number }> {
    const t0 = Date.now();
    const codes = await Promise.all(Array.from({ length: OPENERS }, () => c.run('cat /data/secret.txt > /dev/null', 20_000).then((r) => r.code)));
    return { codes, ms: Date.now() - t0 };
  }

  it('without a trip, every queued opener waits out its own deadline (control)', async () => {
    await start(60_000);
    const r = await openers();
    console.log(`control: ${OPENERS} openers took ${r.ms} ms in all`);
    expect(r.codes).toEqual(Array(OPENERS).fill(0));
    expect(h.service.status().counters['permission.askTimeouts']).toBe(OPENERS);
    expect(h.service.status().suspended).toBe(false);
  });

  it('trips on the first missed deadline, releases the waiting openers, observes instead, then restores', async () => {
    await start(300);
    const r = await openers();
    console.log(`watchdog: ${OPENERS} openers took ${r.ms} ms in all`);
    expect(r.codes).toEqual(Array(OPENERS).fill(0));
    const s = h.service.status();
    expect(s.suspended).toBe(true);
    // One opener waited out its deadline (150 ms, half the budget); the others were answered at
    // the trip, or not held at all once suspended (the control shows each waiting its own deadline).
    expect(s.counters['permission.askTimeouts']).toBe(1);
    expect(s.counters['permission.asked']).toBeLessThanOrEqual(OPENERS);
    expect(s.counters['watchdog.trips']).toBe(1);
    expect(s.workloads[0]).toMatchObject({ held: false, permission: false });
    expect(s.notes.join('\n')).toMatch(/suspended by the stall watchdog/);
    expect(h.service.notificationOpens(c.workload().key)).toBe(true);
    expect(h.notices[0]).toMatchObject({ state: 'suspended', workloads: [c.workload().key], reason: expect.stringMatching(/deadline|verdict took/) });

    // While suspended nothing is held: the open neither waits nor is asked about.
    const asked = s.counters['permission.asked'];
    expect(await c.run('cat /data/secret.txt')).toMatchObject({ code: 0 });
    expect(h.service.status().counters['permission.asked']).toBe(asked);

    hang = false;
    await waitFor(() => !h.service.status().suspended, 'the marks to be restored', 10_000);
    expect(h.notices[1]).toMatchObject({ state: 'restored' });
    expect(h.service.notificationOpens(c.workload().key)).toBe(false);
    expect((await c.run('cat /data/secret.txt')).stderr).toMatch(/Operation not permitted/);
  });
});
