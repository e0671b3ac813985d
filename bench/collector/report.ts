// Table printing and policy files for the collector bench.
import fs from 'node:fs';
import path from 'node:path';
import type { GroupPolicy } from '@fsmon/contracts';

export interface Row {
  [key: string]: string | number;
}

export const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');

export function print(title: string, rows: Row[], columns: Array<[string, (r: Row) => string]>): void {
  console.log(`\n${title}`);
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const c of cells) console.log('  ' + c.map((x, i) => x.padStart(widths[i])).join('  '));
}

/** `key` (default eventsPerSec) of the row `num` over the row `den`. */
export function ratio(rows: Row[], num: string, den: string, key = 'eventsPerSec'): number {
  const pick = (impl: string) => Number(rows.find((r) => r.impl === impl)?.[key] ?? NaN);
  return pick(num) / pick(den);
}

/**
 * A POLICY_FILE: group `name` selecting the container ids with a customer-added filter on
 * /srv/set (opens observed: the bench workload only reads), in Monitor; `[]` ids: no group at all
 * (every container gets the built-in 21 filters).
 */
export function policyFile(dir: string, name: string, ids: string[]): string {
  const at = '2025-01-01T00:00:00.000Z';
  const groups: GroupPolicy[] =
    ids.length === 0
      ? []
      : [
          {
            revision: 1,
            name,
            deleted: false,
            selector: { ids, names: [], images: [], labels: {} },
            profile: {
              group: name,
              mode: 'Monitor',
              cfgType: 'user_created',
              filters: [{ filter: '/srv/set/*', path: '/srv/set', regex: '.*', recursive: false, customerAdd: true, behavior: 'monitor_change', dgroup: '' }],
              filtersCRD: [],
            },
            accessRule: { group: name, filters: {}, filtersCRD: {} },
            updatedAt: at,
          },
        ];
  const file = path.join(dir, `policy-${name}.json`);
  fs.writeFileSync(file, JSON.stringify(groups));
  return file;
}
