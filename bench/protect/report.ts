// Printing helpers of the protect bench.

/** The q-quantile (0..1) of `values` (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const fmt = (x: unknown, digits = 0): string =>
  typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(x ?? '');

const median = (xs: number[]): number => percentile(xs, 0.5);

/** Per-round rows, then the median of each (responder, pin) and the collector's ratios to C. */
export function printTable(rows: readonly Record<string, number | string>[]): void {
  const keys = [...new Set(rows.map((r) => `${r.responder}|${r.pin}`))];
  const medians = keys.map((k): Record<string, number | string> => {
    const group = rows.filter((r) => `${r.responder}|${r.pin}` === k);
    const m = (f: string) => median(group.map((r) => Number(r[f])));
    return {
      responder: group[0].responder,
      pin: group[0].pin,
      round: 'median',
      ...Object.fromEntries(['opensPerSec', 'p50us', 'p99us', 'p999us', 'failed', 'cpuUsPerOpen', 'mainUsPerOpen', 'workerUsPerOpen', 'trips'].map((f) => [f, m(f)])),
    };
  });
  const c = (pin: unknown) => medians.find((r) => r.responder === 'C allow-all' && r.pin === pin);
  const isCollector = (r: Record<string, unknown>) => String(r.responder).startsWith('collector');
  const columns: Array<[string, (r: Record<string, number | string>) => string]> = [
    ['round', (r) => String(r.round)],
    ['responder', (r) => String(r.responder)],
    ['pin', (r) => String(r.pin)],
    ['opens/s', (r) => fmt(r.opensPerSec)],
    ['p50 µs', (r) => fmt(r.p50us, 1)],
    ['p99 µs', (r) => fmt(r.p99us, 1)],
    ['p99.9 µs', (r) => fmt(r.p999us, 1)],
    ['failed', (r) => fmt(r.failed)],
    ['trips', (r) => (isCollector(r) ? fmt(r.trips) : '')],
    ['CPU µs/open', (r) => fmt(r.cpuUsPerOpen, 2)],
    ['main', (r) => (isCollector(r) ? fmt(r.mainUsPerOpen, 2) : '')],
    ['worker', (r) => (isCollector(r) ? fmt(r.workerUsPerOpen, 2) : '')],
    ['opens/s vs C', (r) => (r.round === 'median' && isCollector(r) ? fmt(Number(r.opensPerSec) / Number(c(r.pin)?.opensPerSec), 2) : '')],
    ['p99 vs C', (r) => (r.round === 'median' && isCollector(r) ? fmt(Number(r.p99us) / Number(c(r.pin)?.p99us), 2) : '')],
  ];
  const all = [...rows, ...medians];
  const cells = [columns.map(([h]) => h), ...all.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((x) => x[i].length)));
  console.log('\nWorkload open+read+close on 1,000 files of a protected directory in a namespace container (monitor on CPU 0; workload on CPU 1 = cross, CPU 0 = same)');
  for (const row of cells) console.log('  ' + row.map((x, i) => x.padStart(widths[i])).join('  '));
  console.log('  (CPU µs/open: the responder process\'s CPU time over the opens, from /proc, 10 ms resolution; for the collector split into its main thread and its permission worker)');
}
