import type { WorkloadWatch } from '../watch/workload.watch';
import { fairOrder } from './classify.pass';
import type { Pending } from './pending.types';

/** Only what fairOrder reads of a pending path: its workload (and a name to follow it by). */
const pending = (watch: object, path: string): Pending => ({ path, context: { watch: watch as WorkloadWatch } }) as unknown as Pending;

describe('fairOrder', () => {
  const quiet = {};
  const storm = {};
  const other = {};

  it('interleaves workloads, keeping each workload in its own order', () => {
    const window = [
      ...['/s0', '/s1', '/s2', '/s3'].map((p) => pending(storm, p)),
      pending(quiet, '/q0'),
      pending(other, '/o0'),
      pending(storm, '/s4'),
      pending(other, '/o1'),
    ];
    expect(fairOrder(window).map((p) => p.path)).toEqual(['/s0', '/q0', '/o0', '/s1', '/o1', '/s2', '/s3', '/s4']);
  });

  it('puts a quiet workload first chunk, whatever the storm queued before it', () => {
    const window = [...Array.from({ length: 1000 }, (_, i) => pending(storm, `/s${i}`)), pending(quiet, '/q')];
    expect(fairOrder(window).slice(0, 2).map((p) => p.path)).toEqual(['/s0', '/q']);
  });

  it('leaves one workload (or none) as it is', () => {
    const one = [pending(storm, '/a'), pending(storm, '/b')];
    expect(fairOrder(one)).toBe(one);
    expect(fairOrder([])).toEqual([]);
  });
});
